"""A cfg-driven GoogLeNet for CIFAR-10: the pytorch-cifar Inception module (1x1, 1x1->3x3, 1x1->3x3->3x3 and pool->1x1 branches joined by torch.cat), but the trunk is assembled from a cfg list into an `nn.Sequential()` with add_module, 'M' entries inserting max-pools and each Inception reporting its own `out_planes` so `self.in_planes` never has to be typed by hand."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Inception(nn.Module):
    def __init__(self, in_planes, n1x1, n3x3red, n3x3, n5x5red, n5x5, pool_planes):
        super(Inception, self).__init__()
        self.out_planes = n1x1 + n3x3 + n5x5 + pool_planes
        # 1x1 conv branch
        self.b1 = nn.Sequential(
            nn.Conv2d(in_planes, n1x1, kernel_size=1),
            nn.BatchNorm2d(n1x1),
            nn.ReLU(True),
        )

        # 1x1 conv -> 3x3 conv branch
        self.b2 = nn.Sequential(
            nn.Conv2d(in_planes, n3x3red, kernel_size=1),
            nn.BatchNorm2d(n3x3red),
            nn.ReLU(True),
            nn.Conv2d(n3x3red, n3x3, kernel_size=3, padding=1),
            nn.BatchNorm2d(n3x3),
            nn.ReLU(True),
        )

        # 1x1 conv -> 5x5 conv branch
        self.b3 = nn.Sequential(
            nn.Conv2d(in_planes, n5x5red, kernel_size=1),
            nn.BatchNorm2d(n5x5red),
            nn.ReLU(True),
            nn.Conv2d(n5x5red, n5x5, kernel_size=3, padding=1),
            nn.BatchNorm2d(n5x5),
            nn.ReLU(True),
            nn.Conv2d(n5x5, n5x5, kernel_size=3, padding=1),
            nn.BatchNorm2d(n5x5),
            nn.ReLU(True),
        )

        # 3x3 pool -> 1x1 conv branch
        self.b4 = nn.Sequential(
            nn.MaxPool2d(3, stride=1, padding=1),
            nn.Conv2d(in_planes, pool_planes, kernel_size=1),
            nn.BatchNorm2d(pool_planes),
            nn.ReLU(True),
        )

    def forward(self, x):
        y1 = self.b1(x)
        y2 = self.b2(x)
        y3 = self.b3(x)
        y4 = self.b4(x)
        return torch.cat([y1,y2,y3,y4], 1)


cfg = {
    'GoogLeNet': [
        ('a3', 64,  96, 128, 16, 32, 32),
        ('b3', 128, 128, 192, 32, 96, 64),
        'M',
        ('a4', 192,  96, 208, 16,  48,  64),
        ('b4', 160, 112, 224, 24,  64,  64),
        ('c4', 128, 128, 256, 24,  64,  64),
        ('d4', 112, 144, 288, 32,  64,  64),
        ('e4', 256, 160, 320, 32, 128, 128),
        'M',
        ('a5', 256, 160, 320, 32, 128, 128),
        ('b5', 384, 192, 384, 48, 128, 128),
    ],
    'GoogLeNetSmall': [
        ('a3', 32,  48, 64, 8, 16, 16),
        'M',
        ('a4', 96,  48, 104, 8,  24,  32),
        ('b4', 80, 56, 112, 12,  32,  32),
        'M',
        ('a5', 128, 80, 160, 16, 64, 64),
    ],
}


class GoogLeNet(nn.Module):
    def __init__(self, name='GoogLeNet', stem_planes=192, num_classes=10):
        super(GoogLeNet, self).__init__()
        self.pre_layers = nn.Sequential(
            nn.Conv2d(3, stem_planes, kernel_size=3, padding=1),
            nn.BatchNorm2d(stem_planes),
            nn.ReLU(True),
        )
        self.in_planes = stem_planes
        self.features = self._make_layers(cfg[name])
        self.avgpool = nn.AvgPool2d(8, stride=1)
        self.linear = nn.Linear(self.in_planes, num_classes)

    def _make_layers(self, plan):
        layers = nn.Sequential()
        n_pool = 0
        for v in plan:
            if v == 'M':
                n_pool += 1
                layers.add_module('pool%d' % n_pool, nn.MaxPool2d(3, stride=2, padding=1))
            else:
                name, args = v[0], v[1:]
                block = Inception(self.in_planes, *args)
                layers.add_module(name, block)
                self.in_planes = block.out_planes
        return layers

    def forward(self, x):
        out = self.pre_layers(x)
        out = self.features(out)
        out = self.avgpool(out)
        out = out.view(out.size(0), -1)
        out = self.linear(out)
        return out


# shapelint: input=(2, 3, 32, 32)
def GoogLeNetCIFAR():
    return GoogLeNet()


# shapelint: input=(2, 3, 32, 32)
def GoogLeNetSmall():
    return GoogLeNet('GoogLeNetSmall', stem_planes=64, num_classes=100)
