"""BUG: "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x20736 and 23104x512)" -- a
cats-vs-dogs CNN for 150x150 RGB images (three conv-ReLU-maxpool blocks, then two Linear layers),
posted with the question "I calculated the flatten size by hand, why is it wrong?". The poster
worked out the spatial size as 150 / 8 = 18.75 and rounded it up to 19, so fc1 was built as
nn.Linear(64 * 19 * 19, 512). nn.MaxPool2d(2) floors: 150 -> 75 -> 37 -> 18, so the flattened
feature vector has 64 * 18 * 18 = 20736 values and self.fc1 raises in forward."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 3, 150, 150)
class CatDogCNN(nn.Module):
    def __init__(self):
        super(CatDogCNN, self).__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(32, 64, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2, 2)
        self.fc1 = nn.Linear(64 * 19 * 19, 512)
        self.fc2 = nn.Linear(512, 2)
        self.dropout = nn.Dropout(0.5)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = self.pool(F.relu(self.conv3(x)))
        x = x.view(x.size(0), -1)
        x = self.dropout(F.relu(self.fc1(x)))
        x = self.fc2(x)
        return x
