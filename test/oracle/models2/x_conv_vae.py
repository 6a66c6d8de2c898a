"""A convolutional VAE with hand-rolled Flatten/UnFlatten modules, mu/logvar via torch.chunk, the reparameterization trick and a (recon, mu, logvar) tuple."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Flatten(nn.Module):
    def forward(self, input):
        return input.view(input.size(0), -1)


class UnFlatten(nn.Module):
    def __init__(self, channels, size):
        super().__init__()
        self.channels = channels
        self.size = size

    def forward(self, input):
        return input.view(input.size(0), self.channels, self.size, self.size)


# shapelint: input=(2, 1, 28, 28)
class ConvVAE(nn.Module):
    def __init__(self, image_channels=1, h_dim=64 * 7 * 7, z_dim=16):
        super(ConvVAE, self).__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(image_channels, 32, kernel_size=4, stride=2, padding=1),
            nn.ReLU(),
            nn.Conv2d(32, 64, kernel_size=4, stride=2, padding=1),
            nn.ReLU(),
            Flatten()
        )

        self.fc = nn.Linear(h_dim, z_dim * 2)
        self.fc3 = nn.Linear(z_dim, h_dim)

        self.decoder = nn.Sequential(
            UnFlatten(64, 7),
            nn.ConvTranspose2d(64, 32, kernel_size=4, stride=2, padding=1),
            nn.ReLU(),
            nn.ConvTranspose2d(32, image_channels, kernel_size=4, stride=2, padding=1),
            nn.Sigmoid(),
        )

    def reparameterize(self, mu, logvar):
        std = logvar.mul(0.5).exp_()
        esp = torch.randn(*mu.size())
        z = mu + std * esp
        return z

    def bottleneck(self, h):
        mu, logvar = torch.chunk(self.fc(h), 2, dim=1)
        z = self.reparameterize(mu, logvar)
        return z, mu, logvar

    def encode(self, x):
        h = self.encoder(x)
        z, mu, logvar = self.bottleneck(h)
        return z, mu, logvar

    def decode(self, z):
        z = self.fc3(z)
        z = self.decoder(z)
        return z

    def forward(self, x):
        z, mu, logvar = self.encode(x)
        z = self.decode(z)
        return z, mu, logvar


# shapelint: input=(2, 3, 32, 32)
class BetaVAE(nn.Module):
    """Encoder to a 1x1 code with a 4x4 valid conv; decoder starts from a 1x1 map."""

    def __init__(self, z_dim=10, nc=3):
        super(BetaVAE, self).__init__()
        self.z_dim = z_dim
        self.encoder = nn.Sequential(
            nn.Conv2d(nc, 32, 4, 2, 1),          # B,  32, 16, 16
            nn.ReLU(True),
            nn.Conv2d(32, 32, 4, 2, 1),          # B,  32,  8,  8
            nn.ReLU(True),
            nn.Conv2d(32, 64, 4, 2, 1),          # B,  64,  4,  4
            nn.ReLU(True),
            nn.Conv2d(64, 128, 4, 1),            # B, 128,  1,  1
            nn.ReLU(True),
            nn.Flatten(),
            nn.Linear(128, z_dim*2),             # B, z_dim*2
        )
        self.decoder = nn.Sequential(
            nn.Linear(z_dim, 128),               # B, 128
            nn.Unflatten(1, (128, 1, 1)),        # B, 128,  1,  1
            nn.ReLU(True),
            nn.ConvTranspose2d(128, 64, 4),      # B,  64,  4,  4
            nn.ReLU(True),
            nn.ConvTranspose2d(64, 32, 4, 2, 1), # B,  32,  8,  8
            nn.ReLU(True),
            nn.ConvTranspose2d(32, 32, 4, 2, 1), # B,  32, 16, 16
            nn.ReLU(True),
            nn.ConvTranspose2d(32, nc, 4, 2, 1), # B, nc, 32, 32
        )

    def forward(self, x):
        distributions = self.encoder(x)
        mu = distributions[:, :self.z_dim]
        logvar = distributions[:, self.z_dim:]
        z = mu + (logvar / 2).exp() * torch.randn_like(mu)
        x_recon = self.decoder(z)
        return x_recon, mu, logvar
