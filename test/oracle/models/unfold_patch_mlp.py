"""A patch-wise MLP denoiser: nn.Unfold extracts overlapping patches, a shared MLP processes them, nn.Fold reassembles."""
import torch.nn as nn


# shapelint: input=(2, 3, 16, 16)
class PatchMLPDenoiser(nn.Module):
    def __init__(self, channels=3, image_size=16, patch=4, stride=2, hidden=128):
        super().__init__()
        patch_dim = channels * patch * patch
        self.unfold = nn.Unfold(kernel_size=patch, stride=stride)
        self.mlp = nn.Sequential(nn.Linear(patch_dim, hidden), nn.ReLU(), nn.Linear(hidden, patch_dim))
        self.fold = nn.Fold(output_size=(image_size, image_size), kernel_size=patch, stride=stride)

    def forward(self, x):
        patches = self.unfold(x)                 # (B, C*p*p, L)
        patches = self.mlp(patches.transpose(1, 2)).transpose(1, 2)
        out = self.fold(patches)
        return x - out
