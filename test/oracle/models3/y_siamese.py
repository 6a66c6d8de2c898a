"""A siamese verification network for one-shot character matching (Koch et al., 2015): one shared conv encoder called on both images, an L1 distance torch.abs(a - b), and a sigmoid similarity score."""
import torch
import torch.nn as nn


# shapelint: input=((2, 1, 48, 48), (2, 1, 48, 48))
class Siamese(nn.Module):
    def __init__(self):
        super(Siamese, self).__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(1, 16, 10),  # 16, 39, 39
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),  # 16, 19, 19
            nn.Conv2d(16, 32, 7),
            nn.ReLU(),  # 32, 13, 13
            nn.MaxPool2d(2),  # 32, 6, 6
            nn.Conv2d(32, 32, 4),
            nn.ReLU(),  # 32, 3, 3
            nn.Conv2d(32, 64, 3),
            nn.ReLU(),  # 64, 1, 1
        )
        self.liner = nn.Sequential(nn.Linear(64, 128), nn.Sigmoid())
        self.out = nn.Linear(128, 1)

    def forward_one(self, x):
        x = self.conv(x)
        x = x.view(x.size()[0], -1)
        x = self.liner(x)
        return x

    def forward(self, x1, x2):
        out1 = self.forward_one(x1)
        out2 = self.forward_one(x2)
        dis = torch.abs(out1 - out2)
        out = self.out(dis)
        return out
