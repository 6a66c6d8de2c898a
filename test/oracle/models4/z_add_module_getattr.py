"""A VGG-ish CNN whose conv layers are registered with add_module under formatted names and fetched back with getattr."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 3, 32, 32)
class NamedConvNet(nn.Module):
    def __init__(self, widths=(16, 32, 64), use_bn=True, pool='max', num_classes=10):
        super().__init__()
        self.n_convs = len(widths)
        in_ch = 3
        for i, w in enumerate(widths):
            self.add_module(f'conv{i}', nn.Conv2d(in_ch, w, kernel_size=3, padding=1))
            self.add_module('norm{}'.format(i), nn.BatchNorm2d(w) if use_bn else nn.Identity())
            in_ch = w
        self.pool = nn.MaxPool2d(2) if pool == 'max' else nn.AvgPool2d(2)
        self.fc1 = nn.Linear(in_ch * 4 * 4, 128)
        self.fc2 = nn.Linear(128, num_classes)

    def forward(self, x):
        for i in range(self.n_convs):
            x = getattr(self, f'conv{i}')(x)
            x = getattr(self, 'norm%d' % i)(x)
            x = self.pool(F.relu(x))
        x = x.view(-1, self.fc1.in_features)
        x = F.relu(self.fc1(x))
        return self.fc2(x)
