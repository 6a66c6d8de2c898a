"""BUG: "RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [2, 256] but
got: [2, 16]." -- a SAGAN-style discriminator for 64x64 images with the Self_Attn layer of
heykeetae/Self-Attention-GAN inserted after the 16x16 stage (128 channels, so the query/key
convolutions give 128 // 8 = 16 channels over N = 16 * 16 = 256 positions). The query has to be
permuted to (B, N, C/8) before the energy bmm; the poster dropped the .permute(0, 2, 1) on
proj_query, so torch.bmm(proj_query, proj_key) multiplies (2, 16, 256) by (2, 16, 256) and raises
in Self_Attn.forward."""
import torch
import torch.nn as nn
from torch.nn.utils import spectral_norm


class Self_Attn(nn.Module):
    """Self attention layer"""

    def __init__(self, in_dim):
        super(Self_Attn, self).__init__()
        self.chanel_in = in_dim
        self.query_conv = nn.Conv2d(in_channels=in_dim, out_channels=in_dim // 8, kernel_size=1)
        self.key_conv = nn.Conv2d(in_channels=in_dim, out_channels=in_dim // 8, kernel_size=1)
        self.value_conv = nn.Conv2d(in_channels=in_dim, out_channels=in_dim, kernel_size=1)
        self.gamma = nn.Parameter(torch.zeros(1))
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, x):
        m_batchsize, C, width, height = x.size()
        proj_query = self.query_conv(x).view(m_batchsize, -1, width * height)  # B x C' x N
        proj_key = self.key_conv(x).view(m_batchsize, -1, width * height)  # B x C' x N
        energy = torch.bmm(proj_query, proj_key)  # transpose check
        attention = self.softmax(energy)  # B x N x N
        proj_value = self.value_conv(x).view(m_batchsize, -1, width * height)  # B x C x N

        out = torch.bmm(proj_value, attention.permute(0, 2, 1))
        out = out.view(m_batchsize, C, width, height)

        out = self.gamma * out + x
        return out, attention


# shapelint: input=(2, 3, 64, 64)
class Discriminator(nn.Module):
    def __init__(self, conv_dim=64):
        super(Discriminator, self).__init__()
        self.l1 = nn.Sequential(spectral_norm(nn.Conv2d(3, conv_dim, 4, 2, 1)), nn.LeakyReLU(0.1))
        self.l2 = nn.Sequential(spectral_norm(nn.Conv2d(conv_dim, conv_dim * 2, 4, 2, 1)), nn.LeakyReLU(0.1))
        self.attn1 = Self_Attn(conv_dim * 2)
        self.l3 = nn.Sequential(spectral_norm(nn.Conv2d(conv_dim * 2, conv_dim * 4, 4, 2, 1)), nn.LeakyReLU(0.1))
        self.l4 = nn.Sequential(spectral_norm(nn.Conv2d(conv_dim * 4, conv_dim * 8, 4, 2, 1)), nn.LeakyReLU(0.1))
        self.last = nn.Conv2d(conv_dim * 8, 1, 4)

    def forward(self, x):
        out = self.l1(x)
        out = self.l2(out)
        out, p1 = self.attn1(out)
        out = self.l3(out)
        out = self.l4(out)
        out = self.last(out)
        return out.squeeze()
