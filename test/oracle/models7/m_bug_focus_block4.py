"""BUG: a small YOLOv5-v5.0-style classifier, a Focus stem and C3 stages with no neck (ultralytics/yolov5 models/common.py: autopad(k, p), Conv, Bottleneck, C3, Focus, and the Classify head of models/yolo.py) in which Focus was generalised from the fixed four x[..., ::2, ::2] slices to a space-to-depth of any block size, torch.cat([x[..., i::b, j::b] for i in range(b) for j in range(b)], 1), so that one stem can downsample by 4. The stem is built as Focus(3, 16, k=3, block=4), but Focus.__init__ still creates Conv(c1 * 4, ...), sized for the 2x2 case (3 x 4 = 12 input channels); with block=4 the concatenation has 3 x 16 = 48 channels and the Focus conv raises."""
import torch
import torch.nn as nn


def autopad(k, p=None):  # kernel, padding
    # Pad to 'same'
    if p is None:
        p = k // 2 if isinstance(k, int) else [x // 2 for x in k]  # auto-pad
    return p


class Conv(nn.Module):
    # Standard convolution
    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, act=True):  # ch_in, ch_out, kernel, stride, padding, groups
        super(Conv, self).__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, autopad(k, p), groups=g, bias=False)
        self.bn = nn.BatchNorm2d(c2)
        self.act = nn.SiLU() if act is True else (act if isinstance(act, nn.Module) else nn.Identity())

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))

    def fuseforward(self, x):
        return self.act(self.conv(x))


class Bottleneck(nn.Module):
    # Standard bottleneck
    def __init__(self, c1, c2, shortcut=True, g=1, e=0.5):  # ch_in, ch_out, shortcut, groups, expansion
        super(Bottleneck, self).__init__()
        c_ = int(c2 * e)  # hidden channels
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_, c2, 3, 1, g=g)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        return x + self.cv2(self.cv1(x)) if self.add else self.cv2(self.cv1(x))


class C3(nn.Module):
    # CSP Bottleneck with 3 convolutions
    def __init__(self, c1, c2, n=1, shortcut=True, g=1, e=0.5):  # ch_in, ch_out, number, shortcut, groups, expansion
        super(C3, self).__init__()
        c_ = int(c2 * e)  # hidden channels
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c1, c_, 1, 1)
        self.cv3 = Conv(2 * c_, c2, 1)  # act=FReLU(c2)
        self.m = nn.Sequential(*[Bottleneck(c_, c_, shortcut, g, e=1.0) for _ in range(n)])

    def forward(self, x):
        return self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), dim=1))


class Focus(nn.Module):
    # Focus wh information into c-space
    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, act=True, block=2):  # ch_in, ch_out, kernel, stride, padding, groups
        super(Focus, self).__init__()
        self.block = block
        self.conv = Conv(c1 * 4, c2, k, s, p, g, act)

    def forward(self, x):  # x(b,c,w,h) -> y(b,c*block**2,w/block,h/block)
        b = self.block
        return self.conv(torch.cat([x[..., i::b, j::b] for i in range(b) for j in range(b)], 1))


class Classify(nn.Module):
    # Classification head, i.e. x(b,c1,20,20) to x(b,c2)
    def __init__(self, c1, c2, k=1, s=1, p=None, g=1):  # ch_in, ch_out, kernel, stride, padding, groups
        super(Classify, self).__init__()
        self.aap = nn.AdaptiveAvgPool2d(1)  # to x(b,c1,1,1)
        self.conv = nn.Conv2d(c1, c2, k, s, autopad(k, p), groups=g)  # to x(b,c2,1,1)
        self.flat = nn.Flatten()

    def forward(self, x):
        z = torch.cat([self.aap(y) for y in (x if isinstance(x, list) else [x])], 1)  # cat if list
        return self.flat(self.conv(z))  # flatten to x(b,c2)


class TinyYOLOv5Cls(nn.Module):
    """Focus stem with a 4x4 space-to-depth (stride 4 in one step), three C3 stages, Classify head."""

    def __init__(self, nc=10, ch=3):
        super(TinyYOLOv5Cls, self).__init__()
        self.model = nn.Sequential(
            Focus(ch, 16, k=3, block=4),  # 0-P2/4
            C3(16, 16, 1),
            Conv(16, 32, 3, 2),  # 2-P3/8
            C3(32, 32, 2),
            Conv(32, 64, 3, 2),  # 4-P4/16
            C3(64, 64, 2),
            Conv(64, 128, 3, 2),  # 6-P5/32
            C3(128, 128, 1, False),
        )
        self.head = Classify(128, nc)

    def forward(self, x):
        return self.head(self.model(x))


# shapelint: input=(2, 3, 64, 64)
class YOLOv5FocusS2D(TinyYOLOv5Cls):
    def __init__(self):
        super(YOLOv5FocusS2D, self).__init__(nc=10, ch=3)
