"""BUG: "RuntimeError: input.size(-1) must be equal to input_size. Expected 128, got 256" -- a
CNN-LSTM video classifier (a small frame CNN run on all batch * timesteps frames at once, an LSTM
over the per-frame features, a Linear on the last step). The frame features (batch * timesteps,
128) are folded back into sequences with c_out.view(1, timesteps, -1), copied from a single-clip
inference snippet; the batch size is ignored, so with 2 clips of 8 frames the view silently yields
(1, 8, 256) -- two clips' features glued together per step -- and self.rnn raises on the feature
size. The fix is c_out.view(batch_size, timesteps, -1)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class FrameCNN(nn.Module):
    def __init__(self, out_dim=128):
        super(FrameCNN, self).__init__()
        self.conv1 = nn.Conv2d(3, 32, kernel_size=5, stride=2, padding=2)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(64, out_dim, kernel_size=3, stride=2, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.bn2 = nn.BatchNorm2d(64)
        self.bn3 = nn.BatchNorm2d(out_dim)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        x = F.relu(self.bn3(self.conv3(x)))
        return F.adaptive_avg_pool2d(x, 1).view(x.size(0), -1)


# shapelint: input=(2, 8, 3, 64, 64)
class CNNLSTM(nn.Module):
    def __init__(self, num_classes=10, feat_dim=128, hidden=256):
        super(CNNLSTM, self).__init__()
        self.cnn = FrameCNN(feat_dim)
        self.rnn = nn.LSTM(input_size=feat_dim, hidden_size=hidden, num_layers=1, batch_first=True)
        self.linear = nn.Linear(hidden, num_classes)

    def forward(self, x):
        batch_size, timesteps, C, H, W = x.size()
        c_in = x.view(batch_size * timesteps, C, H, W)
        c_out = self.cnn(c_in)
        r_in = c_out.view(1, timesteps, -1)
        r_out, (h_n, h_c) = self.rnn(r_in)
        r_out2 = self.linear(r_out[:, -1, :])
        return F.log_softmax(r_out2, dim=1)
