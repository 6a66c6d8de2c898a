"""DeepSpeech2 acoustic model in the style of SeanNaren/deepspeech.pytorch: a Conv2d front end over (B, 1, freq, time) spectrograms with Hardtanh(0, 20), rnn_input_size derived from the conv arithmetic with math.floor, the feature map viewed to (B, C * F, T) and moved to time-major (T, B, H), SequenceWise BatchNorm1d wrappers that collapse (T, B) to (T * B), bidirectional GRUs whose two directions are summed with view(T, B, 2, -1).sum(2), and a per-frame log_softmax."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class SequenceWise(nn.Module):
    def __init__(self, module):
        """
        Collapses input of dim T*N*H to (T*N)*H, and applies to a module.
        Allows handling of variable sequence lengths and minibatch sizes.
        """
        super(SequenceWise, self).__init__()
        self.module = module

    def forward(self, x):
        t, n = x.size(0), x.size(1)
        x = x.view(t * n, -1)
        x = self.module(x)
        x = x.view(t, n, -1)
        return x


class BatchRNN(nn.Module):
    def __init__(self, input_size, hidden_size, rnn_type=nn.GRU, bidirectional=False, batch_norm=True):
        super(BatchRNN, self).__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bidirectional = bidirectional
        self.batch_norm = SequenceWise(nn.BatchNorm1d(input_size)) if batch_norm else None
        self.rnn = rnn_type(input_size=input_size, hidden_size=hidden_size,
                            bidirectional=bidirectional, bias=True)

    def forward(self, x):
        if self.batch_norm is not None:
            x = self.batch_norm(x)
        x, h = self.rnn(x)
        if self.bidirectional:
            x = x.view(x.size(0), x.size(1), 2, -1).sum(2).view(x.size(0), x.size(1), -1)  # (TxNxH*2) -> (TxNxH) by sum
        return x


# shapelint: input=(2, 1, 161, 100)
class DeepSpeech(nn.Module):
    def __init__(self, labels="_'ABCDEFGHIJKLMNOPQRSTUVWXYZ ", rnn_hidden_size=256, nb_layers=3,
                 sample_rate=16000, window_size=0.02, bidirectional=True):
        super(DeepSpeech, self).__init__()
        num_classes = len(labels)

        self.conv = nn.Sequential(
            nn.Conv2d(1, 32, kernel_size=(41, 11), stride=(2, 2), padding=(20, 5)),
            nn.BatchNorm2d(32),
            nn.Hardtanh(0, 20, inplace=True),
            nn.Conv2d(32, 32, kernel_size=(21, 11), stride=(2, 1), padding=(10, 5)),
            nn.BatchNorm2d(32),
            nn.Hardtanh(0, 20, inplace=True)
        )
        # Based on above convolutions and spectrogram size using conv formula (W - F + 2P)/ S+1
        rnn_input_size = int(math.floor((sample_rate * window_size) / 2) + 1)
        rnn_input_size = int(math.floor(rnn_input_size + 2 * 20 - 41) / 2 + 1)
        rnn_input_size = int(math.floor(rnn_input_size + 2 * 10 - 21) / 2 + 1)
        rnn_input_size *= 32

        rnns = [BatchRNN(input_size=rnn_input_size, hidden_size=rnn_hidden_size,
                         bidirectional=bidirectional, batch_norm=False)]
        for x in range(nb_layers - 1):
            rnns.append(BatchRNN(input_size=rnn_hidden_size, hidden_size=rnn_hidden_size,
                                 bidirectional=bidirectional))
        self.rnns = nn.Sequential(*rnns)

        fully_connected = nn.Sequential(
            nn.BatchNorm1d(rnn_hidden_size),
            nn.Linear(rnn_hidden_size, num_classes, bias=False)
        )
        self.fc = nn.Sequential(
            SequenceWise(fully_connected),
        )

    def forward(self, x):
        x = self.conv(x)
        sizes = x.size()
        x = x.view(sizes[0], sizes[1] * sizes[2], sizes[3])  # Collapse feature dimension
        x = x.transpose(1, 2).transpose(0, 1).contiguous()  # TxNxH

        x = self.rnns(x)

        x = self.fc(x)
        x = x.transpose(0, 1)
        # identity in training mode, softmax in eval mode
        x = F.log_softmax(x, dim=-1)
        return x
