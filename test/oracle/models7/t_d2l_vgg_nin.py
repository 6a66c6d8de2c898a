"""d2l.ai chapter 8.2 (VGG) and 8.3 (NiN) in the book's PyTorch style, with the d2l Classifier base copied in (forward is self.net(X)): vgg_block(num_convs, out_channels) stacks LazyConv2d/ReLU pairs and a 2x2 max pool, VGG takes an `arch` tuple of (num_convs, out_channels) pairs and is built by the no-argument factory the book trains (the narrower arch ((1, 16), (1, 32), (2, 64), (2, 128), (2, 128)) on 224x224 single-channel Fashion-MNIST), the chapter's full VGG-11 arch shrunk by `ratio` in a list comprehension, and NiN made of nin_block(out_channels, kernel_size, strides, padding) triples that end in a num_classes-channel block, AdaptiveAvgPool2d((1, 1)) and Flatten instead of a Linear head."""
import inspect

import torch
from torch import nn


class Classifier(nn.Module):
    def save_hyperparameters(self, ignore=[]):
        frame = inspect.currentframe().f_back
        _, _, _, local_vars = inspect.getargvalues(frame)
        self.hparams = {k: v for k, v in local_vars.items()
                        if k not in set(ignore + ['self']) and not k.startswith('_')}
        for k, v in self.hparams.items():
            setattr(self, k, v)

    def forward(self, X):
        assert hasattr(self, 'net'), 'Neural network is defined'
        return self.net(X)


def init_cnn(module):
    if type(module) == nn.Linear or type(module) == nn.Conv2d:
        nn.init.xavier_uniform_(module.weight)


def vgg_block(num_convs, out_channels):
    layers = []
    for _ in range(num_convs):
        layers.append(nn.LazyConv2d(out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers)


class VGG(Classifier):
    def __init__(self, arch, lr=0.1, num_classes=10):
        super().__init__()
        self.save_hyperparameters()
        conv_blks = []
        for (num_convs, out_channels) in arch:
            conv_blks.append(vgg_block(num_convs, out_channels))
        self.net = nn.Sequential(
            *conv_blks, nn.Flatten(),
            nn.LazyLinear(4096), nn.ReLU(), nn.Dropout(0.5),
            nn.LazyLinear(4096), nn.ReLU(), nn.Dropout(0.5),
            nn.LazyLinear(num_classes))
        self.net.apply(init_cnn)


# shapelint: input=(2, 1, 224, 224)
def vgg_fashion_mnist():
    model = VGG(arch=((1, 16), (1, 32), (2, 64), (2, 128), (2, 128)), lr=0.01)
    return model


conv_arch = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))
ratio = 8


# shapelint: input=(1, 1, 224, 224)
def small_vgg11():
    small_conv_arch = [(pair[0], pair[1] // ratio) for pair in conv_arch]
    return VGG(arch=small_conv_arch, num_classes=10)


def nin_block(out_channels, kernel_size, strides, padding):
    return nn.Sequential(
        nn.LazyConv2d(out_channels, kernel_size, strides, padding), nn.ReLU(),
        nn.LazyConv2d(out_channels, kernel_size=1), nn.ReLU(),
        nn.LazyConv2d(out_channels, kernel_size=1), nn.ReLU())


# shapelint: input=(2, 1, 224, 224)
class NiN(Classifier):
    def __init__(self, lr=0.1, num_classes=10):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(
            nin_block(96, kernel_size=11, strides=4, padding=0),
            nn.MaxPool2d(3, stride=2),
            nin_block(256, kernel_size=5, strides=1, padding=2),
            nn.MaxPool2d(3, stride=2),
            nin_block(384, kernel_size=3, strides=1, padding=1),
            nn.MaxPool2d(3, stride=2),
            nn.Dropout(0.5),
            nin_block(num_classes, kernel_size=3, strides=1, padding=1),
            nn.AdaptiveAvgPool2d((1, 1)),
            nn.Flatten())
        self.net.apply(init_cnn)
