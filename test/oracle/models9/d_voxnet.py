"""VoxNet (Maturana and Scherer, 2015) on binary occupancy grids, two ways it is written in the wild. VoxNet follows the widely copied voxnet.pytorch port (voxnet.py): an OrderedDict nn.Sequential of conv3d_1 (5x5x5, stride 2), conv3d_2 (3x3x3), MaxPool3d(2) with ReLU/Dropout in between, whose flattened size is measured in __init__ by pushing a torch.rand((1, 1) + input_shape) grid through self.feat, then an OrderedDict MLP head; the factory builds the 24^3 ModelNet40 variant from the same class. VoxNetLeaky is the paper-faithful version with LeakyReLU(0.1), BatchNorm3d, a hard-coded 32 * 6 * 6 * 6 fc input for 32^3 grids and x.view(-1, 32 * 6 * 6 * 6)."""
from collections import OrderedDict

import torch
import torch.nn as nn


# shapelint: input=(2, 1, 32, 32, 32)
class VoxNet(nn.Module):
    def __init__(self, n_classes=10, input_shape=(32, 32, 32)):
        super(VoxNet, self).__init__()
        self.n_classes = n_classes
        self.input_shape = input_shape
        self.feat = torch.nn.Sequential(OrderedDict([
            ('conv3d_1', torch.nn.Conv3d(in_channels=1,
                                         out_channels=32, kernel_size=5, stride=2)),
            ('relu1', torch.nn.ReLU()),
            ('drop1', torch.nn.Dropout(p=0.2)),
            ('conv3d_2', torch.nn.Conv3d(in_channels=32, out_channels=32, kernel_size=3)),
            ('relu2', torch.nn.ReLU()),
            ('pool2', torch.nn.MaxPool3d(2)),
            ('drop2', torch.nn.Dropout(p=0.3))
        ]))
        x = self.feat(torch.autograd.Variable(torch.rand((1, 1) + input_shape)))
        dim_feat = 1
        for n in x.size()[1:]:
            dim_feat *= n

        self.mlp = torch.nn.Sequential(OrderedDict([
            ('fc1', torch.nn.Linear(dim_feat, 128)),
            ('relu1', torch.nn.ReLU()),
            ('drop3', torch.nn.Dropout(p=0.4)),
            ('fc2', torch.nn.Linear(128, self.n_classes))
        ]))

    def forward(self, x):
        x = self.feat(x)
        x = x.view(x.size(0), -1)
        x = self.mlp(x)
        return x


# shapelint: input=(2, 1, 24, 24, 24)
def voxnet_modelnet40_24():
    return VoxNet(n_classes=40, input_shape=(24, 24, 24))


# shapelint: input=(2, 1, 32, 32, 32)
class VoxNetLeaky(nn.Module):
    def __init__(self, num_classes=10):
        super(VoxNetLeaky, self).__init__()
        self.conv1 = nn.Conv3d(1, 32, kernel_size=5, stride=2)
        self.bn1 = nn.BatchNorm3d(32)
        self.conv2 = nn.Conv3d(32, 32, kernel_size=3, stride=1)
        self.bn2 = nn.BatchNorm3d(32)
        self.pool = nn.MaxPool3d(kernel_size=2, stride=2)
        self.lrelu = nn.LeakyReLU(0.1)
        self.drop1 = nn.Dropout3d(0.2)
        self.drop2 = nn.Dropout3d(0.3)
        self.fc1 = nn.Linear(32 * 6 * 6 * 6, 128)
        self.drop3 = nn.Dropout(0.4)
        self.fc2 = nn.Linear(128, num_classes)

    def forward(self, x):
        x = self.drop1(self.lrelu(self.bn1(self.conv1(x))))  # 32 -> 14
        x = self.lrelu(self.bn2(self.conv2(x)))  # 14 -> 12
        x = self.drop2(self.pool(x))  # 12 -> 6
        x = x.view(-1, 32 * 6 * 6 * 6)
        x = self.drop3(self.lrelu(self.fc1(x)))
        return self.fc2(x)
