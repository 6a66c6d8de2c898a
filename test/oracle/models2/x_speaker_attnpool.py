"""Frame-level speech encoders on (batch, time, feat) input: Conv1d on x.transpose(1, 2), attentive statistics pooling, and a BiGRU with softmax attention pooling."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class TDNNBlock(nn.Sequential):
    def __init__(self, in_channels, out_channels, kernel_size, dilation):
        super().__init__(
            nn.Conv1d(in_channels, out_channels, kernel_size, dilation=dilation,
                      padding=dilation * (kernel_size - 1) // 2),
            nn.ReLU(),
            nn.BatchNorm1d(out_channels),
        )


class SEBlock1d(nn.Module):
    def __init__(self, channels, bottleneck=16):
        super().__init__()
        self.fc1 = nn.Conv1d(channels, bottleneck, 1)
        self.fc2 = nn.Conv1d(bottleneck, channels, 1)

    def forward(self, x):
        s = x.mean(dim=2, keepdim=True)
        s = torch.sigmoid(self.fc2(F.relu(self.fc1(s))))
        return x * s


class AttentiveStatsPool(nn.Module):
    def __init__(self, in_dim, attention_channels=32, global_context=True):
        super().__init__()
        self.global_context = global_context
        in_att = in_dim * 3 if global_context else in_dim
        self.tdnn = TDNNBlock(in_att, attention_channels, 1, 1)
        self.tanh = nn.Tanh()
        self.conv = nn.Conv1d(attention_channels, in_dim, kernel_size=1)

    def forward(self, x):
        # x: (B, C, T)
        T = x.shape[-1]
        if self.global_context:
            mean = x.mean(dim=2, keepdim=True).repeat(1, 1, T)
            std = x.std(dim=2, keepdim=True).clamp(min=1e-5).repeat(1, 1, T)
            attn_in = torch.cat([x, mean, std], dim=1)
        else:
            attn_in = x
        attn = self.conv(self.tanh(self.tdnn(attn_in)))
        attn = F.softmax(attn, dim=2)
        mean = torch.sum(attn * x, dim=2)
        std = torch.sqrt((torch.sum(attn * x ** 2, dim=2) - mean ** 2).clamp(min=1e-5))
        return torch.cat((mean, std), dim=1).unsqueeze(2)


# shapelint: input=(2, 60, 24)
class MiniECAPA(nn.Module):
    def __init__(self, input_size=24, channels=(64, 64, 64, 192), kernel_sizes=(5, 3, 3, 1),
                 dilations=(1, 2, 3, 1), lin_neurons=48):
        super().__init__()
        self.blocks = nn.ModuleList()
        self.blocks.append(TDNNBlock(input_size, channels[0], kernel_sizes[0], dilations[0]))
        for i in range(1, len(channels) - 1):
            self.blocks.append(nn.Sequential(
                TDNNBlock(channels[i - 1], channels[i], kernel_sizes[i], dilations[i]),
                SEBlock1d(channels[i]),
            ))
        self.mfa = TDNNBlock(sum(channels[1:-1]), channels[-1], kernel_sizes[-1], dilations[-1])
        self.asp = AttentiveStatsPool(channels[-1])
        self.asp_bn = nn.BatchNorm1d(channels[-1] * 2)
        self.fc = nn.Conv1d(channels[-1] * 2, lin_neurons, kernel_size=1)

    def forward(self, x):
        x = x.transpose(1, 2)
        xl = []
        for layer in self.blocks:
            x = layer(x)
            xl.append(x)
        x = torch.cat(xl[1:], dim=1)
        x = self.mfa(x)
        x = self.asp(x)
        x = self.asp_bn(x)
        x = self.fc(x)
        return x.transpose(1, 2)


# shapelint: input=(2, 40, 20)
class AttnPoolGRU(nn.Module):
    def __init__(self, n_feats=20, hidden=32, n_classes=6):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv1d(n_feats, 32, kernel_size=5, padding=2),
            nn.BatchNorm1d(32),
            nn.ReLU(),
            nn.MaxPool1d(2),
        )
        self.gru = nn.GRU(32, hidden, batch_first=True, bidirectional=True)
        self.score = nn.Sequential(nn.Linear(2 * hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1, bias=False))
        self.out = nn.Linear(2 * hidden, n_classes)

    def forward(self, x):
        h = self.conv(x.transpose(1, 2)).transpose(1, 2)
        h, _ = self.gru(h)
        scores = self.score(h).squeeze(-1)
        weights = torch.softmax(scores, dim=1).unsqueeze(-1)
        pooled = (h * weights).sum(dim=1)
        return self.out(pooled), weights.squeeze(-1)
