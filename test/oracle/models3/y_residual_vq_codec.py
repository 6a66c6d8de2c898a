"""A SoundStream/EnCodec-lite neural audio codec: strided Conv1d encoder with residual units, a residual vector quantizer whose stages pick codes by torch.cdist + argmin and look them up with F.embedding, and a ConvTranspose1d decoder."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualUnit(nn.Module):
    def __init__(self, channels, dilation):
        super().__init__()
        self.block = nn.Sequential(
            nn.ELU(),
            nn.Conv1d(channels, channels, kernel_size=7, dilation=dilation, padding=3 * dilation),
            nn.ELU(),
            nn.Conv1d(channels, channels, kernel_size=1),
        )

    def forward(self, x):
        return x + self.block(x)


class EncoderBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.block = nn.Sequential(
            ResidualUnit(in_channels, dilation=1),
            ResidualUnit(in_channels, dilation=3),
            nn.ELU(),
            nn.Conv1d(in_channels, out_channels, kernel_size=2 * stride, stride=stride, padding=stride // 2),
        )

    def forward(self, x):
        return self.block(x)


class DecoderBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.block = nn.Sequential(
            nn.ELU(),
            nn.ConvTranspose1d(in_channels, out_channels, kernel_size=2 * stride, stride=stride,
                               padding=stride // 2),
            ResidualUnit(out_channels, dilation=1),
            ResidualUnit(out_channels, dilation=3),
        )

    def forward(self, x):
        return self.block(x)


class VectorQuantize(nn.Module):
    def __init__(self, dim, codebook_size):
        super().__init__()
        self.codebook = nn.Parameter(torch.randn(codebook_size, dim))

    def forward(self, x):
        # x: (b, n, d)
        b, n, d = x.shape
        flat = x.reshape(-1, d)
        dist = torch.cdist(flat, self.codebook)
        embed_ind = dist.argmin(dim=-1)
        quantize = F.embedding(embed_ind, self.codebook).view(b, n, d)
        commit_loss = F.mse_loss(quantize.detach(), x)
        quantize = x + (quantize - x).detach()
        return quantize, embed_ind.view(b, n), commit_loss


class ResidualVQ(nn.Module):
    def __init__(self, dim, num_quantizers, codebook_size):
        super().__init__()
        self.layers = nn.ModuleList([VectorQuantize(dim, codebook_size) for _ in range(num_quantizers)])

    def forward(self, x):
        quantized_out = 0.
        residual = x
        all_losses = []
        all_indices = []
        for layer in self.layers:
            quantized, indices, loss = layer(residual)
            residual = residual - quantized.detach()
            quantized_out = quantized_out + quantized
            all_indices.append(indices)
            all_losses.append(loss)
        all_losses, all_indices = map(torch.stack, (all_losses, all_indices))
        return quantized_out, all_indices, all_losses


# shapelint: input=(2, 1, 256)
class SoundStreamLite(nn.Module):
    def __init__(self, channels=16, strides=(2, 4), dim=32, num_quantizers=3, codebook_size=64):
        super().__init__()
        enc = [nn.Conv1d(1, channels, kernel_size=7, padding=3)]
        ch = channels
        for stride in strides:
            enc.append(EncoderBlock(ch, ch * 2, stride))
            ch *= 2
        enc += [nn.ELU(), nn.Conv1d(ch, dim, kernel_size=3, padding=1)]
        self.encoder = nn.Sequential(*enc)

        self.quantizer = ResidualVQ(dim, num_quantizers, codebook_size)

        dec = [nn.Conv1d(dim, ch, kernel_size=7, padding=3)]
        for stride in reversed(strides):
            dec.append(DecoderBlock(ch, ch // 2, stride))
            ch //= 2
        dec += [nn.ELU(), nn.Conv1d(ch, 1, kernel_size=7, padding=3), nn.Tanh()]
        self.decoder = nn.Sequential(*dec)

    def forward(self, wav):
        z = self.encoder(wav)
        z = z.transpose(1, 2)
        quantized, codes, losses = self.quantizer(z)
        recon = self.decoder(quantized.transpose(1, 2))
        return recon, codes, losses.sum()
