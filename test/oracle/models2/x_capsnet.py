"""A small CapsNet (Sabour et al., 2017): stacked primary capsules, squash, dynamic routing over a 5-D transform tensor, masked reconstruction; returns (lengths, reconstruction)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def squash(s, dim=-1, eps=1e-8):
    squared_norm = (s ** 2).sum(dim=dim, keepdim=True)
    scale = squared_norm / (1 + squared_norm)
    return scale * s / torch.sqrt(squared_norm + eps)


class PrimaryCaps(nn.Module):
    def __init__(self, num_capsules=8, in_channels=64, out_channels=16, kernel_size=9, stride=2):
        super(PrimaryCaps, self).__init__()
        self.capsules = nn.ModuleList([
            nn.Conv2d(in_channels, out_channels, kernel_size=kernel_size, stride=stride, padding=0)
            for _ in range(num_capsules)])

    def forward(self, x):
        u = [capsule(x) for capsule in self.capsules]
        u = torch.stack(u, dim=1)
        u = u.view(x.size(0), len(self.capsules), -1).transpose(1, 2)
        return squash(u)


class DigitCaps(nn.Module):
    def __init__(self, num_capsules=10, num_routes=16 * 6 * 6, in_channels=8, out_channels=16, routing_iters=3):
        super(DigitCaps, self).__init__()
        self.num_routes = num_routes
        self.num_capsules = num_capsules
        self.routing_iters = routing_iters
        self.W = nn.Parameter(0.01 * torch.randn(1, num_routes, num_capsules, out_channels, in_channels))

    def forward(self, x):
        batch_size = x.size(0)
        x = x[:, :, None, :, None]
        u_hat = torch.matmul(self.W, x).squeeze(-1)

        b_ij = torch.zeros(batch_size, self.num_routes, self.num_capsules, 1, device=x.device)
        for iteration in range(self.routing_iters):
            c_ij = F.softmax(b_ij, dim=2)
            s_j = (c_ij * u_hat).sum(dim=1, keepdim=True)
            v_j = squash(s_j)
            if iteration < self.routing_iters - 1:
                a_ij = (u_hat * v_j).sum(dim=-1, keepdim=True)
                b_ij = b_ij + a_ij
        return v_j.squeeze(1)


# shapelint: input=(2, 1, 28, 28)
class CapsNet(nn.Module):
    def __init__(self, num_classes=10):
        super(CapsNet, self).__init__()
        self.num_classes = num_classes
        self.conv1 = nn.Conv2d(1, 64, kernel_size=9, stride=1)
        self.primary_caps = PrimaryCaps()
        self.digit_caps = DigitCaps(num_capsules=num_classes)
        self.decoder = nn.Sequential(
            nn.Linear(16 * num_classes, 256),
            nn.ReLU(inplace=True),
            nn.Linear(256, 784),
            nn.Sigmoid()
        )

    def forward(self, x):
        x = F.relu(self.conv1(x), inplace=True)
        x = self.primary_caps(x)
        v = self.digit_caps(x)
        lengths = v.norm(dim=-1)

        idx = lengths.argmax(dim=1)
        mask = F.one_hot(idx, num_classes=self.num_classes).float()
        recon = self.decoder((v * mask.unsqueeze(-1)).flatten(1))
        return lengths, recon.view(-1, 1, 28, 28)
