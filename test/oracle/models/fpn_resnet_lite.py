"""A Feature Pyramid Network (Lin et al., 2017) head on a tiny conv backbone, with lateral 1x1 convs and top-down upsampling."""
import torch.nn as nn
import torch.nn.functional as F


def stage(in_ch, out_ch):
    return nn.Sequential(
        nn.Conv2d(in_ch, out_ch, 3, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(out_ch),
        nn.ReLU(inplace=True),
        nn.Conv2d(out_ch, out_ch, 3, padding=1, bias=False),
        nn.BatchNorm2d(out_ch),
        nn.ReLU(inplace=True),
    )


# shapelint: input=(2, 3, 64, 64)
class FPN(nn.Module):
    def __init__(self, channels=(32, 64, 128, 256), out_channels=64, num_classes=5):
        super().__init__()
        self.backbone = nn.ModuleDict()
        self.lateral = nn.ModuleDict()
        in_ch = 3
        for i, ch in enumerate(channels):
            self.backbone[f"c{i + 2}"] = stage(in_ch, ch)
            self.lateral[f"c{i + 2}"] = nn.Conv2d(ch, out_channels, kernel_size=1)
            in_ch = ch
        self.upsample = nn.Upsample(scale_factor=2, mode="nearest")
        self.smooth = nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1)
        self.classifier = nn.Conv2d(out_channels, num_classes, kernel_size=1)

    def forward(self, x):
        input_size = x.shape[-2:]
        feats = []
        for name, layer in self.backbone.items():
            x = layer(x)
            feats.append(self.lateral[name](x))
        p = feats[-1]
        for lat in reversed(feats[:-1]):
            p = self.upsample(p) + lat
        p = F.relu(self.smooth(p))
        out = self.classifier(p)
        return F.interpolate(out, size=input_size, mode="bilinear", align_corners=False)
