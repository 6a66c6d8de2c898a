"""A 1-d convolutional autoencoder for multichannel sensor windows, decoding with ConvTranspose1d."""
import torch
import torch.nn as nn


# shapelint: input=(2, 6, 100)
class Conv1dAutoencoder(nn.Module):
    def __init__(self, channels=6, base=16, code_size=8):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv1d(channels, base, kernel_size=5, stride=2, padding=2),       # 50
            nn.ReLU(),
            nn.Conv1d(base, base * 2, kernel_size=5, stride=2, padding=2),       # 25
            nn.ReLU(),
            nn.Conv1d(base * 2, code_size, kernel_size=3, padding=1),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose1d(code_size, base * 2, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.ConvTranspose1d(base * 2, base, kernel_size=5, stride=2, padding=2, output_padding=1),
            nn.ReLU(),
            nn.ConvTranspose1d(base, channels, kernel_size=5, stride=2, padding=2, output_padding=1),
        )

    def forward(self, x):
        code = self.encoder(x)
        return self.decoder(code), code


if __name__ == "__main__":
    model = Conv1dAutoencoder()
    recon, code = model(torch.randn(2, 6, 100))
    print(recon.shape, code.shape)
