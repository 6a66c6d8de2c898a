"""LSTNet (Lai et al., 2018) for multivariate time-series forecasting, following laiguokun/LSTNet models/LSTNet.py: the (B, window, m) input viewed to (B, 1, P, m) for a Conv2d whose kernel spans all m series, squeeze(3), a time-major GRU via permute(2, 0, 1), a skip-GRU over c[:, :, -pt * skip:] reshaped to (pt, B * skip, hidC), concatenated final states into linear1, and a highway autoregressive component over the last hw steps of every series."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 48, 8)
class Model(nn.Module):
    def __init__(self, window=48, m=8, hidRNN=50, hidCNN=50, hidSkip=5, CNN_kernel=6, skip=12,
                 highway_window=12, dropout=0.2, output_fun='sigmoid'):
        super(Model, self).__init__()
        self.P = window
        self.m = m
        self.hidR = hidRNN
        self.hidC = hidCNN
        self.hidS = hidSkip
        self.Ck = CNN_kernel
        self.skip = skip
        self.pt = (self.P - self.Ck) // self.skip
        self.hw = highway_window
        self.conv1 = nn.Conv2d(1, self.hidC, kernel_size=(self.Ck, self.m))
        self.GRU1 = nn.GRU(self.hidC, self.hidR)
        self.dropout = nn.Dropout(p=dropout)
        if self.skip > 0:
            self.GRUskip = nn.GRU(self.hidC, self.hidS)
            self.linear1 = nn.Linear(self.hidR + self.skip * self.hidS, self.m)
        else:
            self.linear1 = nn.Linear(self.hidR, self.m)
        if self.hw > 0:
            self.highway = nn.Linear(self.hw, 1)
        self.output = None
        if output_fun == 'sigmoid':
            self.output = torch.sigmoid
        if output_fun == 'tanh':
            self.output = torch.tanh

    def forward(self, x):
        batch_size = x.size(0)

        # CNN
        c = x.view(-1, 1, self.P, self.m)
        c = F.relu(self.conv1(c))
        c = self.dropout(c)
        c = torch.squeeze(c, 3)

        # RNN
        r = c.permute(2, 0, 1).contiguous()
        _, r = self.GRU1(r)
        r = self.dropout(torch.squeeze(r, 0))

        # skip-rnn
        if self.skip > 0:
            s = c[:, :, int(-self.pt * self.skip):].contiguous()
            s = s.view(batch_size, self.hidC, self.pt, self.skip)
            s = s.permute(2, 0, 3, 1).contiguous()
            s = s.view(self.pt, batch_size * self.skip, self.hidC)
            _, s = self.GRUskip(s)
            s = s.view(batch_size, self.skip * self.hidS)
            s = self.dropout(s)
            r = torch.cat((r, s), 1)

        res = self.linear1(r)

        # highway
        if self.hw > 0:
            z = x[:, -self.hw:, :]
            z = z.permute(0, 2, 1).contiguous().view(-1, self.hw)
            z = self.highway(z)
            z = z.view(-1, self.m)
            res = res + z

        if self.output:
            res = self.output(res)
        return res
