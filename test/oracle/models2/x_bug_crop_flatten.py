"""A LeNet-style classifier for 32x48 crops whose fc1 input size is derived with a size helper."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_out(size, kernel, stride=1, padding=0):
    return (size + 2 * padding - kernel) // stride


# shapelint: input=(2, 3, 32, 48)
class CropNet(nn.Module):
    def __init__(self, in_size=(32, 48), num_classes=10):
        super(CropNet, self).__init__()
        h, w = in_size
        self.conv1 = nn.Conv2d(3, 16, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(16, 32, 5)
        for k, s in ((5, 1), (2, 2), (5, 1), (2, 2)):
            h, w = conv_out(h, k, s), conv_out(w, k, s)
        self.fc1 = nn.Linear(32 * h * w, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x
