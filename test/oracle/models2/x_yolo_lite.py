"""A YOLOv5-style detector scaled down: Conv/C3/SPPF blocks with autopad, PAN neck with nn.Upsample(None, 2, 'nearest'), Detect head reshaping to (bs, na, ny, nx, no)."""
import torch
import torch.nn as nn


def autopad(k, p=None, d=1):  # kernel, padding, dilation
    # Pad to 'same' shape outputs
    if d > 1:
        k = d * (k - 1) + 1 if isinstance(k, int) else [d * (x - 1) + 1 for x in k]  # actual kernel-size
    if p is None:
        p = k // 2 if isinstance(k, int) else [x // 2 for x in k]  # auto-pad
    return p


class Conv(nn.Module):
    # Standard convolution with args(ch_in, ch_out, kernel, stride, padding, groups, dilation, activation)
    default_act = nn.SiLU()  # default activation

    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, d=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, autopad(k, p, d), groups=g, dilation=d, bias=False)
        self.bn = nn.BatchNorm2d(c2)
        self.act = self.default_act if act is True else act if isinstance(act, nn.Module) else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    # Standard bottleneck
    def __init__(self, c1, c2, shortcut=True, g=1, e=0.5):  # ch_in, ch_out, shortcut, groups, expansion
        super().__init__()
        c_ = int(c2 * e)  # hidden channels
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_, c2, 3, 1, g=g)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        return x + self.cv2(self.cv1(x)) if self.add else self.cv2(self.cv1(x))


class C3(nn.Module):
    # CSP Bottleneck with 3 convolutions
    def __init__(self, c1, c2, n=1, shortcut=True, g=1, e=0.5):  # ch_in, ch_out, number, shortcut, groups, expansion
        super().__init__()
        c_ = int(c2 * e)  # hidden channels
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c1, c_, 1, 1)
        self.cv3 = Conv(2 * c_, c2, 1)  # optional act=FReLU(c2)
        self.m = nn.Sequential(*(Bottleneck(c_, c_, shortcut, g, e=1.0) for _ in range(n)))

    def forward(self, x):
        return self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), 1))


class SPPF(nn.Module):
    # Spatial Pyramid Pooling - Fast (SPPF) layer for YOLOv5 by Glenn Jocher
    def __init__(self, c1, c2, k=5):  # equivalent to SPP(k=(5, 9, 13))
        super().__init__()
        c_ = c1 // 2  # hidden channels
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_ * 4, c2, 1, 1)
        self.m = nn.MaxPool2d(kernel_size=k, stride=1, padding=k // 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat((x, y1, y2, self.m(y2)), 1))


class Detect(nn.Module):
    stride = None  # strides computed during build

    def __init__(self, nc=80, anchors=(), ch=()):  # detection layer
        super().__init__()
        self.nc = nc  # number of classes
        self.no = nc + 5  # number of outputs per anchor
        self.nl = len(anchors)  # number of detection layers
        self.na = len(anchors[0]) // 2  # number of anchors
        self.register_buffer('anchors', torch.tensor(anchors).float().view(self.nl, -1, 2))  # shape(nl,na,2)
        self.m = nn.ModuleList(nn.Conv2d(x, self.no * self.na, 1) for x in ch)  # output conv

    def forward(self, x):
        for i in range(self.nl):
            x[i] = self.m[i](x[i])  # conv
            bs, _, ny, nx = x[i].shape  # x(bs,255,20,20) to x(bs,3,20,20,85)
            x[i] = x[i].view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()
        return x


# shapelint: input=(2, 3, 64, 64)
class YOLOLite(nn.Module):
    def __init__(self, nc=3, width=16,
                 anchors=((10, 13, 16, 30, 33, 23), (30, 61, 62, 45, 59, 119), (116, 90, 156, 198, 373, 326))):
        super().__init__()
        w = width
        # backbone
        self.b0 = Conv(3, w, 6, 2, 2)  # 0-P1/2
        self.b1 = Conv(w, w * 2, 3, 2)  # 1-P2/4
        self.b2 = C3(w * 2, w * 2, 1)
        self.b3 = Conv(w * 2, w * 4, 3, 2)  # 3-P3/8
        self.b4 = C3(w * 4, w * 4, 2)
        self.b5 = Conv(w * 4, w * 8, 3, 2)  # 5-P4/16
        self.b6 = C3(w * 8, w * 8, 2)
        self.b7 = Conv(w * 8, w * 16, 3, 2)  # 7-P5/32
        self.b8 = C3(w * 16, w * 16, 1)
        self.b9 = SPPF(w * 16, w * 16, 5)
        # head
        self.h10 = Conv(w * 16, w * 8, 1, 1)
        self.up = nn.Upsample(None, 2, 'nearest')
        self.h13 = C3(w * 16, w * 8, 1, False)
        self.h14 = Conv(w * 8, w * 4, 1, 1)
        self.h17 = C3(w * 8, w * 4, 1, False)  # 17 (P3/8-small)
        self.h18 = Conv(w * 4, w * 4, 3, 2)
        self.h20 = C3(w * 8, w * 8, 1, False)  # 20 (P4/16-medium)
        self.h21 = Conv(w * 8, w * 8, 3, 2)
        self.h23 = C3(w * 16, w * 16, 1, False)  # 23 (P5/32-large)
        self.detect = Detect(nc, anchors, (w * 4, w * 8, w * 16))

    def forward(self, x):
        x = self.b2(self.b1(self.b0(x)))
        p3 = self.b4(self.b3(x))
        p4 = self.b6(self.b5(p3))
        p5 = self.b9(self.b8(self.b7(p4)))

        h10 = self.h10(p5)
        x = self.h13(torch.cat([self.up(h10), p4], 1))
        h14 = self.h14(x)
        out3 = self.h17(torch.cat([self.up(h14), p3], 1))
        out4 = self.h20(torch.cat([self.h18(out3), h14], 1))
        out5 = self.h23(torch.cat([self.h21(out4), h10], 1))
        return self.detect([out3, out4, out5])
