"""An MLP decoder that maps a latent code to an image via reshape(x.shape[0], *self.out_shape)."""
import numpy as np
import torch
import torch.nn as nn


# shapelint: input=(2, 16)
class MLPDecoder(nn.Module):
    def __init__(self, latent_dim=16, out_shape=(1, 28, 28)):
        super().__init__()
        self.out_shape = out_shape
        self.net = nn.Sequential(
            nn.Linear(latent_dim, 128),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Linear(128, 256),
            nn.BatchNorm1d(256),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Linear(256, int(np.prod(out_shape))),
            nn.Tanh(),
        )

    def forward(self, z):
        img = self.net(z)
        img = img.reshape(img.shape[0], *self.out_shape)
        return img
