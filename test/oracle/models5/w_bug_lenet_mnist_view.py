"""The CIFAR LeNet ported to 28x28 grayscale MNIST by changing conv1 to one input channel, in the old tutorial style that flattens with x.view(-1, 16*5*5). BUG: without CIFAR's 32x32 input (or padding=2 on conv1) the feature map after the second pool is 16x4x4, so the batch holds 2*256 = 512 values and view(-1, 400) cannot reshape it."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 1, 28, 28)
class LeNet(nn.Module):
    def __init__(self, num_classes=10):
        super(LeNet, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def num_flat_features(self, x):
        size = x.size()[1:]
        num_features = 1
        for s in size:
            num_features *= s
        return num_features

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x
