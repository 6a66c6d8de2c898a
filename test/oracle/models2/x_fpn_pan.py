"""Feature pyramids over a small ResNet-like backbone: FPN top-down with F.interpolate(size=...) on odd sizes, a PAN bottom-up path, and an FPN variant using scale_factor=2."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn_relu(in_ch, out_ch, k=3, s=1):
    return nn.Sequential(
        nn.Conv2d(in_ch, out_ch, k, s, k // 2, bias=False),
        nn.BatchNorm2d(out_ch),
        nn.ReLU(inplace=True),
    )


class Backbone(nn.Module):
    def __init__(self, widths=(16, 32, 64, 128)):
        super().__init__()
        self.stem = conv_bn_relu(3, widths[0], 3, 2)
        self.stages = nn.ModuleList()
        in_ch = widths[0]
        for w in widths[1:]:
            self.stages.append(nn.Sequential(conv_bn_relu(in_ch, w, 3, 2), conv_bn_relu(w, w)))
            in_ch = w
        self.out_channels = list(widths[1:])

    def forward(self, x):
        x = self.stem(x)
        feats = []
        for stage in self.stages:
            x = stage(x)
            feats.append(x)
        return feats


# shapelint: input=(2, 3, 50, 70)
class FPNPAN(nn.Module):
    def __init__(self, out_ch=32):
        super().__init__()
        self.backbone = Backbone()
        in_channels = self.backbone.out_channels
        self.lateral = nn.ModuleList([nn.Conv2d(c, out_ch, 1) for c in in_channels])
        self.smooth = nn.ModuleList([conv_bn_relu(out_ch, out_ch) for _ in in_channels])
        self.downsample = nn.ModuleList([conv_bn_relu(out_ch, out_ch, 3, 2) for _ in in_channels[1:]])
        self.pan_fuse = nn.ModuleList([conv_bn_relu(out_ch * 2, out_ch, 1) for _ in in_channels[1:]])

    def forward(self, x):
        feats = self.backbone(x)
        laterals = [l(f) for l, f in zip(self.lateral, feats)]

        # top-down
        for i in range(len(laterals) - 1, 0, -1):
            laterals[i - 1] = laterals[i - 1] + F.interpolate(
                laterals[i], size=laterals[i - 1].shape[-2:], mode='nearest')
        outs = [s(l) for s, l in zip(self.smooth, laterals)]

        # bottom-up
        pan = [outs[0]]
        for i in range(1, len(outs)):
            down = self.downsample[i - 1](pan[-1])
            pan.append(self.pan_fuse[i - 1](torch.cat([down, outs[i]], dim=1)))
        return tuple(pan)


# shapelint: input=(2, 3, 64, 64)
class FPN(nn.Module):
    def __init__(self, out_ch=48, num_classes=5):
        super(FPN, self).__init__()
        self.body = Backbone(widths=(16, 24, 48, 96))
        c3, c4, c5 = self.body.out_channels
        self.toplayer = nn.Conv2d(c5, out_ch, kernel_size=1, stride=1, padding=0)
        self.latlayer1 = nn.Conv2d(c4, out_ch, kernel_size=1, stride=1, padding=0)
        self.latlayer2 = nn.Conv2d(c3, out_ch, kernel_size=1, stride=1, padding=0)
        self.smooth1 = nn.Conv2d(out_ch, out_ch, kernel_size=3, stride=1, padding=1)
        self.smooth2 = nn.Conv2d(out_ch, out_ch, kernel_size=3, stride=1, padding=1)
        self.p6 = nn.Conv2d(c5, out_ch, kernel_size=3, stride=2, padding=1)
        self.head = nn.Conv2d(out_ch, num_classes, kernel_size=1)

    def _upsample_add(self, x, y):
        return F.interpolate(x, scale_factor=2, mode='nearest') + y

    def forward(self, x):
        c3, c4, c5 = self.body(x)
        p6 = self.p6(c5)
        p5 = self.toplayer(c5)
        p4 = self._upsample_add(p5, self.latlayer1(c4))
        p3 = self._upsample_add(p4, self.latlayer2(c3))
        p4 = self.smooth1(p4)
        p3 = self.smooth2(p3)
        return [self.head(p) for p in (p3, p4, p5, p6)]
