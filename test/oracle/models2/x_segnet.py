"""SegNet (Badrinarayanan et al., 2017) on an odd-sized input: pooling indices kept in lists and MaxUnpool2d with explicit output_size."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def make_stage(channels):
    layers = []
    for c_in, c_out in zip(channels[:-1], channels[1:]):
        layers += [nn.Conv2d(c_in, c_out, kernel_size=3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers)


# shapelint: input=(2, 3, 36, 44)
class SegNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=6,
                 enc_cfg=((3, 16, 16), (16, 32, 32), (32, 64, 64, 64))):
        super(SegNet, self).__init__()
        enc_cfg = [list(c) for c in enc_cfg]
        enc_cfg[0][0] = in_channels
        self.encoders = nn.ModuleList([make_stage(c) for c in enc_cfg])

        dec_cfg = [list(reversed(c)) for c in reversed(enc_cfg)]
        dec_cfg[-1][-1] = dec_cfg[-1][-2]
        self.decoders = nn.ModuleList([make_stage(c) for c in dec_cfg])

        self.pool = nn.MaxPool2d(kernel_size=2, stride=2, return_indices=True)
        self.unpool = nn.MaxUnpool2d(kernel_size=2, stride=2)
        self.classifier = nn.Conv2d(dec_cfg[-1][-1], num_classes, kernel_size=3, padding=1)

    def forward(self, x):
        indices = []
        sizes = []
        for enc in self.encoders:
            x = enc(x)
            sizes.append(x.size())
            x, idx = self.pool(x)
            indices.append(idx)

        for dec, idx, size in zip(self.decoders, reversed(indices), reversed(sizes)):
            x = self.unpool(x, idx, output_size=size)
            x = dec(x)

        x = self.classifier(x)
        return F.log_softmax(x, dim=1)
