"""A reduced C3D video classifier (Tran et al., 2015) with Conv3d, BatchNorm3d and 3-d pooling."""
import torch
import torch.nn as nn


def conv3d_block(in_ch, out_ch):
    return [nn.Conv3d(in_ch, out_ch, kernel_size=3, padding=1), nn.BatchNorm3d(out_ch), nn.ReLU(inplace=True)]


# shapelint: input=(2, 3, 8, 32, 32)
class C3D(nn.Module):
    def __init__(self, num_classes=101):
        super(C3D, self).__init__()
        layers = conv3d_block(3, 32)
        layers.append(nn.MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2)))
        layers.extend(conv3d_block(32, 64))
        layers.append(nn.MaxPool3d(kernel_size=2, stride=2))
        layers += conv3d_block(64, 128) + conv3d_block(128, 128)
        layers.append(nn.AvgPool3d(kernel_size=2, stride=2, ceil_mode=True))
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool3d((1, 2, 2))
        self.fc6 = nn.Linear(128 * 1 * 2 * 2, 256)
        self.fc7 = nn.Linear(256, num_classes)
        self.dropout = nn.Dropout(p=0.5)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = self.pool(self.features(x))
        x = x.view(-1, 512)
        x = self.dropout(self.relu(self.fc6(x)))
        return self.fc7(x)
