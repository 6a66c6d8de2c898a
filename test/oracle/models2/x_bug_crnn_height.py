"""A compact CRNN for 32x100 word images: VGG-ish conv stack, then a bidirectional LSTM over columns."""
import torch
import torch.nn as nn


def conv_block(c_in, c_out, pool):
    layers = [nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True)]
    if pool is not None:
        layers.append(nn.MaxPool2d(*pool))
    return layers


# shapelint: input=(2, 1, 32, 100)
class CompactCRNN(nn.Module):
    def __init__(self, num_classes=37, hidden=64):
        super().__init__()
        self.cnn = nn.Sequential(
            *conv_block(1, 16, (2, 2)),
            *conv_block(16, 32, (2, 2)),
            *conv_block(32, 64, ((2, 1), (2, 1))),
            *conv_block(64, 64, ((2, 1), (2, 1))),
        )
        self.rnn = nn.LSTM(64, hidden, num_layers=2, bidirectional=True)
        self.fc = nn.Linear(hidden * 2, num_classes)

    def forward(self, x):
        conv = self.cnn(x)
        seq = conv.squeeze(2).permute(2, 0, 1)  # [w, b, c]
        out, _ = self.rnn(seq)
        return self.fc(out).log_softmax(2)
