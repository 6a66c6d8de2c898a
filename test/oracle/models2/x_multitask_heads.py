"""Subclassed models: a base CNN with forward_features, a subclass overriding forward with nn.ModuleDict heads picked by key, keyword-only args and a (logits, features) tuple."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class BaseNet(nn.Module):
    def __init__(self, *, in_chans=3, width=16, num_classes=10, act_layer=nn.ReLU):
        super().__init__()
        self.num_features = width * 4
        self.stem = nn.Sequential(
            nn.Conv2d(in_chans, width, 3, padding=1, bias=False),
            nn.BatchNorm2d(width),
            act_layer(inplace=True),
        )
        self.stage1 = self._stage(width, width * 2, act_layer)
        self.stage2 = self._stage(width * 2, width * 4, act_layer)
        self.fc = nn.Linear(self.num_features, num_classes)

    @staticmethod
    def _stage(c_in, c_out, act_layer):
        return nn.Sequential(
            nn.Conv2d(c_in, c_out, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(c_out),
            act_layer(inplace=True),
            nn.Conv2d(c_out, c_out, 3, padding=1, bias=False),
            nn.BatchNorm2d(c_out),
            act_layer(inplace=True),
        )

    def forward_features(self, x):
        x = self.stem(x)
        x = self.stage1(x)
        return self.stage2(x)

    def forward(self, x):
        x = self.forward_features(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


# shapelint: input=(2, 3, 32, 32)
class MultiTaskNet(BaseNet):
    def __init__(self, *, task='attr', seg_classes=4, **kwargs):
        super().__init__(**kwargs)
        self.task = task
        c = self.num_features
        self.heads = nn.ModuleDict({
            'cls': nn.Linear(c, 10),
            'attr': nn.Sequential(nn.Linear(c, 32), nn.ReLU(), nn.Linear(32, 40)),
            'seg': nn.Conv2d(c, seg_classes, kernel_size=1),
        })

    def forward(self, x):
        feats = self.forward_features(x)
        if self.task == 'seg':
            out = self.heads['seg'](feats)
            out = F.interpolate(out, size=x.shape[-2:], mode='bilinear', align_corners=False)
        else:
            pooled = feats.mean((2, 3))
            out = self.heads[self.task](pooled)
        return out, feats


# shapelint: input=(2, 1, 28, 36)
class SegNetFromBase(MultiTaskNet):
    def __init__(self):
        super().__init__(task='seg', seg_classes=3, in_chans=1, width=8, act_layer=nn.ReLU6)

    def forward(self, x):
        logits, feats = super().forward(x)
        aux = {name: head(feats.mean((2, 3))) for name, head in self.heads.items() if name != 'seg'}
        return logits, aux['cls'], aux['attr']
