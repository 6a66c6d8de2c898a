"""Detection/attention pieces built on torchvision.ops and F.unfold: a DCNv2 block
(offset-and-mask conv with 3*k*k channels, torch.chunk into o1/o2/mask, torch.cat offsets,
sigmoid modulation, torchvision.ops.deform_conv2d with the layer's own weight Parameter), a
two-stage RoI head (boxes built per image in forward, torchvision.ops.roi_align with a list of
Tensor[K, 4], TwoMLPHead flatten, FastRCNNPredictor cls/bbox), and stand-alone local
self-attention (SASA) written with F.unfold / view / einsum and relative embeddings split by
torch.split, plus a CARAFE-style content-aware upsampler that reassembles F.unfold patches
with softmax kernels after F.pixel_shuffle."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.ops import roi_align, deform_conv2d


class DCNv2(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, padding=1, dilation=1, deformable_groups=1):
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = (kernel_size, kernel_size)
        self.stride = (stride, stride)
        self.padding = (padding, padding)
        self.dilation = (dilation, dilation)
        self.deformable_groups = deformable_groups
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels, *self.kernel_size))
        self.bias = nn.Parameter(torch.zeros(out_channels))
        channels_ = self.deformable_groups * 3 * self.kernel_size[0] * self.kernel_size[1]
        self.conv_offset_mask = nn.Conv2d(self.in_channels, channels_, kernel_size=self.kernel_size,
                                          stride=self.stride, padding=self.padding, bias=True)
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        nn.init.zeros_(self.conv_offset_mask.weight)
        nn.init.zeros_(self.conv_offset_mask.bias)

    def forward(self, input):
        out = self.conv_offset_mask(input)
        o1, o2, mask = torch.chunk(out, 3, dim=1)
        offset = torch.cat((o1, o2), dim=1)
        mask = torch.sigmoid(mask)
        return deform_conv2d(input, offset, self.weight, self.bias, stride=self.stride, padding=self.padding,
                             dilation=self.dilation, mask=mask)


class TwoMLPHead(nn.Module):
    def __init__(self, in_channels, representation_size):
        super().__init__()
        self.fc6 = nn.Linear(in_channels, representation_size)
        self.fc7 = nn.Linear(representation_size, representation_size)

    def forward(self, x):
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc6(x))
        return F.relu(self.fc7(x))


class FastRCNNPredictor(nn.Module):
    def __init__(self, in_channels, num_classes):
        super().__init__()
        self.cls_score = nn.Linear(in_channels, num_classes)
        self.bbox_pred = nn.Linear(in_channels, num_classes * 4)

    def forward(self, x):
        if x.dim() == 4:
            torch._assert(list(x.shape[2:]) == [1, 1], f"x has the wrong shape, expecting the last two dimensions to be [1,1] instead of {list(x.shape[2:])}")
        x = x.flatten(1)
        return self.cls_score(x), self.bbox_pred(x)


# shapelint: input=(2, 3, 64, 64)
class DeformRoIDetector(nn.Module):
    num_proposals = 6

    def __init__(self, width=32, num_classes=4, pool=7, rep=64):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width, 3, 2, 1), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
                                  nn.Conv2d(width, width, 3, 2, 1), nn.BatchNorm2d(width), nn.ReLU(inplace=True))
        self.dcn = DCNv2(width, width)
        self.pool = pool
        self.spatial_scale = 1.0 / 4
        self.box_head = TwoMLPHead(width * pool * pool, rep)
        self.box_predictor = FastRCNNPredictor(rep, num_classes)

    def proposals(self, images):
        n, _, h, w = images.shape
        k = self.num_proposals
        base = torch.linspace(0, 1, k + 1)[:-1]
        boxes = torch.stack([base * w * 0.5, base * h * 0.5, base * w * 0.5 + w / 2, base * h * 0.5 + h / 2], dim=1)
        return [boxes + i for i in range(n)]

    def forward(self, images):
        feats = F.relu(self.dcn(self.stem(images)))
        boxes = self.proposals(images)
        pooled = roi_align(feats, boxes, output_size=(self.pool, self.pool), spatial_scale=self.spatial_scale,
                           sampling_ratio=2, aligned=True)
        rep = self.box_head(pooled)
        class_logits, box_regression = self.box_predictor(rep)
        n = images.shape[0]
        return class_logits.view(n, self.num_proposals, -1), box_regression.view(n, self.num_proposals, -1, 4)


class SASA(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size=5, heads=4):
        super().__init__()
        self.kernel_size = kernel_size
        self.heads = heads
        self.out_channels = out_channels
        self.qkv = nn.Conv2d(in_channels, out_channels * 3, 1, bias=False)
        self.rel_h = nn.Parameter(torch.randn(out_channels // 2, 1, 1, kernel_size, 1), requires_grad=True)
        self.rel_w = nn.Parameter(torch.randn(out_channels // 2, 1, 1, 1, kernel_size), requires_grad=True)

    def forward(self, x):
        b, c, h, w = x.shape
        k = self.kernel_size
        q, key, v = self.qkv(x).chunk(3, dim=1)
        pad = k // 2
        key = F.unfold(key, k, padding=pad).view(b, self.out_channels, k, k, h, w)
        v = F.unfold(v, k, padding=pad).view(b, self.out_channels, k, k, h, w)
        k_h, k_w = key.split(self.out_channels // 2, dim=1)
        key = torch.cat((k_h + self.rel_h.view(1, -1, k, 1, 1, 1), k_w + self.rel_w.view(1, -1, 1, k, 1, 1)), dim=1)
        key = key.contiguous().view(b, self.heads, self.out_channels // self.heads, k * k, h, w)
        v = v.contiguous().view(b, self.heads, self.out_channels // self.heads, k * k, h, w)
        q = q.view(b, self.heads, self.out_channels // self.heads, 1, h, w)
        attn = (q * key).sum(dim=2, keepdim=True).softmax(dim=3)
        out = torch.einsum('bnckhw,bnckhw->bnchw', attn.expand_as(v), v)
        return out.reshape(b, -1, h, w)


class CARAFE(nn.Module):
    def __init__(self, c, scale=2, k_up=5, k_enc=3, c_mid=16):
        super().__init__()
        self.scale = scale
        self.k_up = k_up
        self.comp = nn.Conv2d(c, c_mid, 1)
        self.enc = nn.Conv2d(c_mid, (scale * k_up) ** 2, k_enc, padding=k_enc // 2)
        self.pix_shf = nn.PixelShuffle(scale)
        self.upsmp = nn.Upsample(scale_factor=scale, mode='nearest')
        self.unfold = nn.Unfold(kernel_size=k_up, dilation=scale, padding=k_up // 2 * scale)

    def forward(self, X):
        b, c, h, w = X.size()
        h_, w_ = h * self.scale, w * self.scale
        W = self.enc(self.comp(X))
        W = F.pixel_shuffle(W, self.scale)
        W = F.softmax(W, dim=1)
        X = self.upsmp(X)
        X = self.unfold(X)
        X = X.view(b, c, -1, h_, w_)
        return torch.einsum('bkhw,bckhw->bchw', [W, X])


# shapelint: input=(2, 16, 16, 16)
class SASACarafeNeck(nn.Module):
    def __init__(self, c=16, heads=4):
        super().__init__()
        self.attn = SASA(c, c, kernel_size=3, heads=heads)
        self.norm = nn.BatchNorm2d(c)
        self.up = CARAFE(c)
        self.out = nn.Conv2d(c, 8, 1)

    def forward(self, x):
        x = x + self.norm(self.attn(x))
        return self.out(self.up(x))
