"""BUG: the ACGAN discriminator from eriklindernoren/PyTorch-GAN (implementations/acgan/acgan.py), configured through a module-level argparse opt namespace: discriminator_block helper (stride-2 conv, LeakyReLU, Dropout2d, optional BatchNorm2d(out_filters, 0.8)), ds_size = opt.img_size // 2 ** 4 and two heads, adv_layer (real/fake) and aux_layer (class softmax). opt.img_size is still the 64 used for training, but the model is fed 128x128 images: the four stride-2 blocks leave 128x8x8 = 8192 features while adv_layer's Linear was sized for 128 * 4 ** 2 = 2048, and it raises."""
import argparse

import torch
import torch.nn as nn

opt = argparse.Namespace(n_epochs=200, batch_size=64, lr=0.0002, n_classes=10, latent_dim=100, img_size=64, channels=3)


# shapelint: input=(2, 3, 128, 128)
class Discriminator(nn.Module):
    def __init__(self):
        super(Discriminator, self).__init__()

        def discriminator_block(in_filters, out_filters, bn=True):
            """Returns layers of each discriminator block"""
            block = [nn.Conv2d(in_filters, out_filters, 3, 2, 1), nn.LeakyReLU(0.2, inplace=True), nn.Dropout2d(0.25)]
            if bn:
                block.append(nn.BatchNorm2d(out_filters, 0.8))
            return block

        self.conv_blocks = nn.Sequential(
            *discriminator_block(opt.channels, 16, bn=False),
            *discriminator_block(16, 32),
            *discriminator_block(32, 64),
            *discriminator_block(64, 128),
        )

        # The height and width of downsampled image
        ds_size = opt.img_size // 2 ** 4

        # Output layers
        self.adv_layer = nn.Sequential(nn.Linear(128 * ds_size ** 2, 1), nn.Sigmoid())
        self.aux_layer = nn.Sequential(nn.Linear(128 * ds_size ** 2, opt.n_classes), nn.Softmax())

    def forward(self, img):
        out = self.conv_blocks(img)
        out = out.view(out.shape[0], -1)
        validity = self.adv_layer(out)
        label = self.aux_layer(out)

        return validity, label
