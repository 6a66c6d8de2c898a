"""A convolutional autoencoder for 28x28 images; the decoder uses ConvTranspose2d with output_padding."""
import torch
import torch.nn as nn


# shapelint: input=(2, 1, 28, 28)
class ConvAutoencoder(nn.Module):
    def __init__(self, latent_dim=16):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1),   # 14x14
            nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1),  # 7x7
            nn.ReLU(),
            nn.Conv2d(32, 64, 7),                       # 1x1
        )
        self.fc_enc = nn.Linear(64, latent_dim)
        self.fc_dec = nn.Linear(latent_dim, 64)
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(64, 32, 7),
            nn.ReLU(),
            nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1),
            nn.ReLU(),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        h = self.encoder(x)
        z = self.fc_enc(h.squeeze(-1).squeeze(-1))
        h = self.fc_dec(z).unsqueeze(-1).unsqueeze(-1)
        return self.decoder(h)


if __name__ == "__main__":
    model = ConvAutoencoder()
    recon = model(torch.rand(2, 1, 28, 28))
    print(recon.shape)
