"""A DCGAN-like discriminator that flattens its last feature map into a linear real/fake head."""
import torch
import torch.nn as nn

ndf = 16


# shapelint: input=(2, 3, 64, 64)
class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 4),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 4, ndf * 8, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 8),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 8, ndf * 8, 3, 1, 0, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
        )
        self.fc = nn.Linear(ndf * 8, 1)

    def forward(self, x):
        out = self.features(x)
        out = out.view(x.size(0), -1)
        return torch.sigmoid(self.fc(out)).view(-1)
