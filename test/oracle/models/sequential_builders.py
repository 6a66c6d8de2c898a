"""Models assembled by plain factory functions returning nn.Sequential: an MNIST classifier and an MNIST decoder."""
import torch.nn as nn


# shapelint: input=(2, 1, 28, 28)
def mnist_classifier(num_classes=10):
    return nn.Sequential(
        nn.ZeroPad2d(2),                      # 28 -> 32
        nn.Conv2d(1, 8, kernel_size=5),
        nn.ReLU(),
        nn.AvgPool2d(2),
        nn.ZeroPad2d((0, 1, 0, 1)),
        nn.Conv2d(8, 16, kernel_size=3, stride=2),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(16 * 7 * 7, 64),
        nn.Hardtanh(),
        nn.Linear(64, num_classes),
        nn.LogSoftmax(dim=-1),
    )


# shapelint: input=(2, 32)
def mnist_decoder(latent_dim=32):
    return nn.Sequential(
        nn.Linear(latent_dim, 32 * 7 * 7),
        nn.ELU(),
        nn.Unflatten(1, (32, 7, 7)),
        nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False),
        nn.Conv2d(32, 16, 3, padding=1),
        nn.ELU(),
        nn.Upsample(size=(28, 28)),
        nn.Conv2d(16, 1, 3, padding="same"),
        nn.Sigmoid(),
    )
