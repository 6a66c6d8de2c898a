"""BUG: a convolutional VAE for 28x28 MNIST in the pytorch/examples vae style (encode/reparameterize/decode methods, forward returning (recon, mu, logvar)) with a conv encoder and a ConvTranspose2d decoder. The decoder was designed for a 3x3 bottleneck (ConvTranspose2d(128, 64, 3, 2) turns 3x3 into 7x7, then 14x14 and 28x28), but the encoder's third conv has padding=1, so it produces 128x4x4 and flat_dim = 128 * 4 * 4 = 2048 sizes both fc layers. decode() hard-codes h.view(-1, 128, 3, 3): 2 * 2048 = 4096 values cannot be viewed as rows of 128 * 3 * 3 = 1152 and the view raises."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 1, 28, 28)
class ConvVAE(nn.Module):
    def __init__(self, latent_dim=20):
        super(ConvVAE, self).__init__()
        self.enc1 = nn.Conv2d(1, 32, kernel_size=4, stride=2, padding=1)    # 28 -> 14
        self.enc2 = nn.Conv2d(32, 64, kernel_size=4, stride=2, padding=1)   # 14 -> 7
        self.enc3 = nn.Conv2d(64, 128, kernel_size=3, stride=2, padding=1)  # 7 -> 4
        self.flat_dim = 128 * 4 * 4

        self.fc_mu = nn.Linear(self.flat_dim, latent_dim)
        self.fc_logvar = nn.Linear(self.flat_dim, latent_dim)
        self.fc_dec = nn.Linear(latent_dim, self.flat_dim)

        self.dec1 = nn.ConvTranspose2d(128, 64, kernel_size=3, stride=2)             # 3 -> 7
        self.dec2 = nn.ConvTranspose2d(64, 32, kernel_size=4, stride=2, padding=1)   # 7 -> 14
        self.dec3 = nn.ConvTranspose2d(32, 1, kernel_size=4, stride=2, padding=1)    # 14 -> 28

    def encode(self, x):
        h = F.relu(self.enc1(x))
        h = F.relu(self.enc2(h))
        h = F.relu(self.enc3(h))
        h = h.view(h.size(0), -1)
        return self.fc_mu(h), self.fc_logvar(h)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        h = F.relu(self.fc_dec(z))
        h = h.view(-1, 128, 3, 3)
        h = F.relu(self.dec1(h))
        h = F.relu(self.dec2(h))
        return torch.sigmoid(self.dec3(h))

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar
