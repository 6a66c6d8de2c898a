"""SincNet (mravanelli/SincNet style): SincConv_fast computes band-pass filters in forward from
learnable low/band frequencies (nn.Parameter), a registered Hamming window and time axis
(torch.linspace, torch.cat with torch.flip), then runs F.conv1d with the computed filters;
followed by LayerNorm over the time axis, max pooling with F.max_pool1d and an MLP whose input
size is computed by a loop over the config lists (the CNN_arch / DNN_arch options dicts)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class SincConv_fast(nn.Module):
    @staticmethod
    def to_mel(hz):
        return 2595 * math.log10(1 + hz / 700)

    @staticmethod
    def to_hz(mel):
        return 700 * (10 ** (mel / 2595) - 1)

    def __init__(self, out_channels, kernel_size, sample_rate=16000, in_channels=1, stride=1, padding=0,
                 dilation=1, bias=False, groups=1, min_low_hz=50, min_band_hz=50):
        super().__init__()
        if in_channels != 1:
            raise ValueError("SincConv only support one input channel (here, in_channels = %i)" % in_channels)
        self.out_channels = out_channels
        self.kernel_size = kernel_size
        if kernel_size % 2 == 0:
            self.kernel_size = self.kernel_size + 1
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.sample_rate = sample_rate
        self.min_low_hz = min_low_hz
        self.min_band_hz = min_band_hz
        low_hz = 30
        high_hz = self.sample_rate / 2 - (self.min_low_hz + self.min_band_hz)
        mel = torch.linspace(self.to_mel(low_hz), self.to_mel(high_hz), self.out_channels + 1)
        hz = 700 * (10 ** (mel / 2595) - 1)
        self.low_hz_ = nn.Parameter(hz[:-1].view(-1, 1))
        self.band_hz_ = nn.Parameter(torch.diff(hz).view(-1, 1))
        n_lin = torch.linspace(0, (self.kernel_size / 2) - 1, steps=int((self.kernel_size / 2)))
        self.register_buffer('window_', 0.54 - 0.46 * torch.cos(2 * math.pi * n_lin / self.kernel_size))
        n = (self.kernel_size - 1) / 2.0
        self.register_buffer('n_', 2 * math.pi * torch.arange(-n, 0).view(1, -1) / self.sample_rate)

    def forward(self, waveforms):
        low = self.min_low_hz + torch.abs(self.low_hz_)
        high = torch.clamp(low + self.min_band_hz + torch.abs(self.band_hz_), self.min_low_hz, self.sample_rate / 2)
        band = (high - low)[:, 0]
        f_times_t_low = torch.matmul(low, self.n_)
        f_times_t_high = torch.matmul(high, self.n_)
        band_pass_left = ((torch.sin(f_times_t_high) - torch.sin(f_times_t_low)) / (self.n_ / 2)) * self.window_
        band_pass_center = 2 * band.view(-1, 1)
        band_pass_right = torch.flip(band_pass_left, dims=[1])
        band_pass = torch.cat([band_pass_left, band_pass_center, band_pass_right], dim=1)
        band_pass = band_pass / (2 * band[:, None])
        self.filters = band_pass.view(self.out_channels, 1, self.kernel_size)
        return F.conv1d(waveforms, self.filters, stride=self.stride, padding=self.padding, dilation=self.dilation,
                        bias=None, groups=1)


class LayerNorm(nn.Module):
    def __init__(self, features, eps=1e-6):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(features))
        self.beta = nn.Parameter(torch.zeros(features))
        self.eps = eps

    def forward(self, x):
        mean = x.mean(-1, keepdim=True)
        std = x.std(-1, keepdim=True)
        return self.gamma * (x - mean) / (std + self.eps) + self.beta


def act_fun(act_type):
    return {'relu': nn.ReLU(), 'tanh': nn.Tanh(), 'sigmoid': nn.Sigmoid(), 'leaky_relu': nn.LeakyReLU(0.2),
            'elu': nn.ELU(), 'softmax': nn.LogSoftmax(dim=1), 'linear': nn.LeakyReLU(1)}[act_type]


CNN_OPTIONS = {
    'input_dim': 800,
    'fs': 16000,
    'cnn_N_filt': [16, 16, 16],
    'cnn_len_filt': [101, 5, 5],
    'cnn_max_pool_len': [3, 3, 3],
    'cnn_use_laynorm_inp': True,
    'cnn_use_laynorm': [True, True, True],
    'cnn_act': ['leaky_relu', 'leaky_relu', 'leaky_relu'],
    'cnn_drop': [0.0, 0.0, 0.0],
}


class SincNetCNN(nn.Module):
    def __init__(self, options):
        super().__init__()
        self.cnn_N_filt = options['cnn_N_filt']
        self.cnn_len_filt = options['cnn_len_filt']
        self.cnn_max_pool_len = options['cnn_max_pool_len']
        self.cnn_act = options['cnn_act']
        self.cnn_drop = options['cnn_drop']
        self.cnn_use_laynorm = options['cnn_use_laynorm']
        self.cnn_use_laynorm_inp = options['cnn_use_laynorm_inp']
        self.input_dim = int(options['input_dim'])
        self.fs = options['fs']
        self.N_cnn_lay = len(options['cnn_N_filt'])
        self.conv = nn.ModuleList([])
        self.ln = nn.ModuleList([])
        self.act = nn.ModuleList([])
        self.drop = nn.ModuleList([])
        if self.cnn_use_laynorm_inp:
            self.ln0 = LayerNorm(self.input_dim)
        current_input = self.input_dim
        for i in range(self.N_cnn_lay):
            N_filt = int(self.cnn_N_filt[i])
            len_filt = int(self.cnn_len_filt[i])
            self.drop.append(nn.Dropout(p=self.cnn_drop[i]))
            self.act.append(act_fun(self.cnn_act[i]))
            self.ln.append(LayerNorm([N_filt, int((current_input - self.cnn_len_filt[i] + 1) / self.cnn_max_pool_len[i])]))
            if i == 0:
                self.conv.append(SincConv_fast(self.cnn_N_filt[0], self.cnn_len_filt[0], self.fs))
            else:
                self.conv.append(nn.Conv1d(self.cnn_N_filt[i - 1], self.cnn_N_filt[i], self.cnn_len_filt[i]))
            current_input = int((current_input - self.cnn_len_filt[i] + 1) / self.cnn_max_pool_len[i])
        self.out_dim = current_input * N_filt

    def forward(self, x):
        batch = x.shape[0]
        seq_len = x.shape[1]
        if bool(self.cnn_use_laynorm_inp):
            x = self.ln0(x)
        x = x.view(batch, 1, seq_len)
        for i in range(self.N_cnn_lay):
            if self.cnn_use_laynorm[i]:
                if i == 0:
                    x = self.drop[i](self.act[i](self.ln[i](F.max_pool1d(torch.abs(self.conv[i](x)), self.cnn_max_pool_len[i]))))
                else:
                    x = self.drop[i](self.act[i](self.ln[i](F.max_pool1d(self.conv[i](x), self.cnn_max_pool_len[i]))))
            else:
                x = self.drop[i](self.act[i](F.max_pool1d(self.conv[i](x), self.cnn_max_pool_len[i])))
        return x.view(batch, -1)


class MLP(nn.Module):
    def __init__(self, options):
        super().__init__()
        self.input_dim = int(options['input_dim'])
        self.fc_lay = options['fc_lay']
        self.fc_act = options['fc_act']
        self.wx = nn.ModuleList([])
        self.bn = nn.ModuleList([])
        self.act = nn.ModuleList([])
        current_input = self.input_dim
        for i in range(len(self.fc_lay)):
            self.act.append(act_fun(self.fc_act[i]))
            add_bias = not options['fc_use_batchnorm'][i]
            self.wx.append(nn.Linear(current_input, self.fc_lay[i], bias=add_bias))
            self.bn.append(nn.BatchNorm1d(self.fc_lay[i], momentum=0.05))
            current_input = self.fc_lay[i]

    def forward(self, x):
        for i in range(len(self.fc_lay)):
            x = self.act[i](self.bn[i](self.wx[i](x)))
        return x


# shapelint: input=(2, 800)
class SincNetSpeaker(nn.Module):
    def __init__(self, n_speakers=10):
        super().__init__()
        self.cnn = SincNetCNN(CNN_OPTIONS)
        dnn1 = {'input_dim': self.cnn.out_dim, 'fc_lay': [64, 64], 'fc_act': ['leaky_relu', 'leaky_relu'],
                'fc_use_batchnorm': [True, True]}
        self.dnn1 = MLP(dnn1)
        dnn2 = dict(input_dim=dnn1['fc_lay'][-1], fc_lay=[n_speakers], fc_act=['softmax'], fc_use_batchnorm=[False])
        self.dnn2 = MLP(dnn2)

    def forward(self, wav):
        return self.dnn2(self.dnn1(self.cnn(wav)))
