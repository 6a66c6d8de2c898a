"""VanillaVAE from AntixK/PyTorch-VAE (models/vanilla_vae.py) for 64x64 CelebA crops: encoder and decoder assembled from a hidden_dims list in for-loops, torch.flatten(result, start_dim=1) into fc_mu/fc_var, the reparameterization trick, decoder_input Linear reshaped with result.view(-1, self.last_dim, 2, 2) (512 in the default config), and forward returning [recons, input, mu, log_var]; a second config with a shorter hidden_dims list for 32x32 inputs, and a generate-from-noise wrapper."""
from typing import List

import torch
from torch import nn
from torch import Tensor
from torch.nn import functional as F


class BaseVAE(nn.Module):

    def __init__(self) -> None:
        super(BaseVAE, self).__init__()

    def encode(self, input: Tensor) -> List[Tensor]:
        raise NotImplementedError

    def decode(self, input: Tensor):
        raise NotImplementedError


class VanillaVAE(BaseVAE):

    def __init__(self,
                 in_channels: int = 3,
                 latent_dim: int = 128,
                 hidden_dims: List = None,
                 **kwargs) -> None:
        super(VanillaVAE, self).__init__()

        self.latent_dim = latent_dim

        modules = []
        if hidden_dims is None:
            hidden_dims = [32, 64, 128, 256, 512]
        self.last_dim = hidden_dims[-1]

        # Build Encoder
        for h_dim in hidden_dims:
            modules.append(
                nn.Sequential(
                    nn.Conv2d(in_channels, out_channels=h_dim,
                              kernel_size=3, stride=2, padding=1),
                    nn.BatchNorm2d(h_dim),
                    nn.LeakyReLU())
            )
            in_channels = h_dim

        self.encoder = nn.Sequential(*modules)
        self.fc_mu = nn.Linear(hidden_dims[-1] * 4, latent_dim)
        self.fc_var = nn.Linear(hidden_dims[-1] * 4, latent_dim)

        # Build Decoder
        modules = []

        self.decoder_input = nn.Linear(latent_dim, hidden_dims[-1] * 4)

        hidden_dims.reverse()

        for i in range(len(hidden_dims) - 1):
            modules.append(
                nn.Sequential(
                    nn.ConvTranspose2d(hidden_dims[i],
                                       hidden_dims[i + 1],
                                       kernel_size=3,
                                       stride=2,
                                       padding=1,
                                       output_padding=1),
                    nn.BatchNorm2d(hidden_dims[i + 1]),
                    nn.LeakyReLU())
            )

        self.decoder = nn.Sequential(*modules)

        self.final_layer = nn.Sequential(
                            nn.ConvTranspose2d(hidden_dims[-1],
                                               hidden_dims[-1],
                                               kernel_size=3,
                                               stride=2,
                                               padding=1,
                                               output_padding=1),
                            nn.BatchNorm2d(hidden_dims[-1]),
                            nn.LeakyReLU(),
                            nn.Conv2d(hidden_dims[-1], out_channels=3,
                                      kernel_size=3, padding=1),
                            nn.Tanh())

    def encode(self, input: Tensor) -> List[Tensor]:
        """
        Encodes the input by passing through the encoder network
        and returns the latent codes.
        """
        result = self.encoder(input)
        result = torch.flatten(result, start_dim=1)

        # Split the result into mu and var components
        # of the latent Gaussian distribution
        mu = self.fc_mu(result)
        log_var = self.fc_var(result)

        return [mu, log_var]

    def decode(self, z: Tensor) -> Tensor:
        """
        Maps the given latent codes
        onto the image space.
        """
        result = self.decoder_input(z)
        result = result.view(-1, self.last_dim, 2, 2)
        result = self.decoder(result)
        result = self.final_layer(result)
        return result

    def reparameterize(self, mu: Tensor, logvar: Tensor) -> Tensor:
        """
        Reparameterization trick to sample from N(mu, var) from
        N(0,1).
        """
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return eps * std + mu

    def forward(self, input: Tensor, **kwargs) -> List[Tensor]:
        mu, log_var = self.encode(input)
        z = self.reparameterize(mu, log_var)
        return [self.decode(z), input, mu, log_var]


# shapelint: input=(2, 3, 64, 64)
def vanilla_vae_celeba():
    return VanillaVAE(in_channels=3, latent_dim=128)


# shapelint: input=(4, 3, 32, 32)
def vanilla_vae_cifar():
    return VanillaVAE(in_channels=3, latent_dim=64, hidden_dims=[32, 64, 128, 256])


# shapelint: input=(8, 128)
class VAESampler(nn.Module):
    """Decode latent samples only, the way sample() uses decode()."""

    def __init__(self):
        super().__init__()
        self.vae = VanillaVAE(in_channels=3, latent_dim=128, hidden_dims=[16, 32, 64, 128, 256])

    def forward(self, z):
        samples = self.vae.decode(z)
        return samples.clamp(-1, 1)
