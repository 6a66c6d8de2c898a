"""BUG: a small YOLOv8-style classification backbone in the layout of ultralytics/nn/modules (conv.py, block.py, head.py): autopad(k, p, d), Conv with a class-level default_act = nn.SiLU() and nn.Identity() when act is False, Bottleneck with a (k1, k2) kernel tuple, C2f doing list(self.cv1(x).chunk(2, 1)), y.extend(m(y[-1]) for m in self.m) and self.cv2(torch.cat(y, 1)), SPPF with one MaxPool2d applied three times, and the Classify head (Conv to 1280 channels, AdaptiveAvgPool2d, flatten, Linear). SPPF's output conv was written as Conv(c_ * 3, c2, 1, 1), counting only the three pooled maps, but forward concatenates [x, y1, y2, y3] = four maps of c_ channels, so SPPF.cv2's Conv2d gets 4 * c_ channels and raises."""
import torch
import torch.nn as nn


def autopad(k, p=None, d=1):  # kernel, padding, dilation
    """Pad to 'same' shape outputs."""
    if d > 1:
        k = d * (k - 1) + 1 if isinstance(k, int) else [d * (x - 1) + 1 for x in k]  # actual kernel-size
    if p is None:
        p = k // 2 if isinstance(k, int) else [x // 2 for x in k]  # auto-pad
    return p


class Conv(nn.Module):
    """Standard convolution with args(ch_in, ch_out, kernel, stride, padding, groups, dilation, activation)."""
    default_act = nn.SiLU()  # default activation

    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, d=1, act=True):
        """Initialize Conv layer with given arguments including activation."""
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, autopad(k, p, d), groups=g, dilation=d, bias=False)
        self.bn = nn.BatchNorm2d(c2)
        self.act = self.default_act if act is True else act if isinstance(act, nn.Module) else nn.Identity()

    def forward(self, x):
        """Apply convolution, batch normalization and activation to input tensor."""
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    """Standard bottleneck."""

    def __init__(self, c1, c2, shortcut=True, g=1, k=(3, 3), e=0.5):
        """Initializes a bottleneck module with given input/output channels, shortcut option, group, kernels, and
        expansion.
        """
        super().__init__()
        c_ = int(c2 * e)  # hidden channels
        self.cv1 = Conv(c1, c_, k[0], 1)
        self.cv2 = Conv(c_, c2, k[1], 1, g=g)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        """'forward()' applies the YOLO FPN to input data."""
        return x + self.cv2(self.cv1(x)) if self.add else self.cv2(self.cv1(x))


class C2f(nn.Module):
    """Faster Implementation of CSP Bottleneck with 2 convolutions."""

    def __init__(self, c1, c2, n=1, shortcut=False, g=1, e=0.5):
        """Initialize CSP bottleneck layer with two convolutions with arguments ch_in, ch_out, number, shortcut, groups,
        expansion.
        """
        super().__init__()
        self.c = int(c2 * e)  # hidden channels
        self.cv1 = Conv(c1, 2 * self.c, 1, 1)
        self.cv2 = Conv((2 + n) * self.c, c2, 1)  # optional act=FReLU(c2)
        self.m = nn.ModuleList(Bottleneck(self.c, self.c, shortcut, g, k=((3, 3), (3, 3)), e=1.0) for _ in range(n))

    def forward(self, x):
        """Forward pass through C2f layer."""
        y = list(self.cv1(x).chunk(2, 1))
        y.extend(m(y[-1]) for m in self.m)
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    """Spatial Pyramid Pooling - Fast (SPPF) layer for YOLOv5 by Glenn Jocher."""

    def __init__(self, c1, c2, k=5):  # equivalent to SPP(k=(5, 9, 13))
        super().__init__()
        c_ = c1 // 2  # hidden channels
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_ * 3, c2, 1, 1)
        self.m = nn.MaxPool2d(kernel_size=k, stride=1, padding=k // 2)

    def forward(self, x):
        """Forward pass through Ghost Convolution block."""
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat((x, y1, y2, self.m(y2)), 1))


class Classify(nn.Module):
    """YOLOv8 classification head, i.e. x(b,c1,20,20) to x(b,c2)."""

    def __init__(self, c1, c2, k=1, s=1, p=None, g=1):
        super().__init__()
        c_ = 1280  # efficientnet_b0 size
        self.conv = Conv(c1, c_, k, s, p, g)
        self.pool = nn.AdaptiveAvgPool2d(1)  # to x(b,c_,1,1)
        self.drop = nn.Dropout(p=0.0, inplace=True)
        self.linear = nn.Linear(c_, c2)  # to x(b,c2)

    def forward(self, x):
        """Performs a forward pass of the YOLO model on input image data."""
        if isinstance(x, list):
            x = torch.cat(x, 1)
        x = self.linear(self.drop(self.pool(self.conv(x)).flatten(1)))
        return x if self.training else x.softmax(1)


class YOLOv8nBackboneCls(nn.Module):
    """The yolov8n backbone (width 0.25, depth 0.33) followed by an SPPF and the Classify head."""

    def __init__(self, nc=10, ch=3, width=0.25, depth=0.33):
        super().__init__()

        def w(c):
            return max(int(c * width), 8)

        def d(n):
            return max(round(n * depth), 1)

        self.stem = Conv(ch, w(64), 3, 2)  # 0-P1/2
        self.stage1 = nn.Sequential(Conv(w(64), w(128), 3, 2), C2f(w(128), w(128), d(3), True))  # 1-P2/4
        self.stage2 = nn.Sequential(Conv(w(128), w(256), 3, 2), C2f(w(256), w(256), d(6), True))  # 3-P3/8
        self.stage3 = nn.Sequential(Conv(w(256), w(512), 3, 2), C2f(w(512), w(512), d(6), True))  # 5-P4/16
        self.stage4 = nn.Sequential(Conv(w(512), w(1024), 3, 2), C2f(w(1024), w(1024), d(3), True))  # 7-P5/32
        self.sppf = SPPF(w(1024), w(1024), 5)  # 9
        self.head = Classify(w(1024), nc)

    def forward(self, x):
        x = self.stem(x)
        x = self.stage1(x)
        x = self.stage2(x)
        x = self.stage3(x)
        x = self.stage4(x)
        x = self.sppf(x)
        return self.head(x)


# shapelint: input=(2, 3, 64, 64)
def yolov8n_cls_sppf():
    return YOLOv8nBackboneCls(nc=10)
