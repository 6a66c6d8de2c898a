"""An unconditional WaveGlow-lite flow (Prenger et al., 2019): audio folded into groups with unfold, invertible 1x1 Conv1d with a QR-initialised weight and logdet, affine couplings whose WN network predicts log_s and t for the second half, and early outputs."""
import torch
import torch.nn as nn


class Invertible1x1Conv(nn.Module):
    def __init__(self, c):
        super(Invertible1x1Conv, self).__init__()
        self.conv = nn.Conv1d(c, c, kernel_size=1, stride=1, padding=0, bias=False)
        W = torch.linalg.qr(torch.randn(c, c))[0]
        if torch.det(W) < 0:
            W[:, 0] = -1 * W[:, 0]
        W = W.view(c, c, 1)
        self.conv.weight.data = W

    def forward(self, z):
        batch_size, group_size, n_of_groups = z.size()
        W = self.conv.weight.squeeze()
        log_det_W = batch_size * n_of_groups * torch.logdet(W)
        z = self.conv(z)
        return z, log_det_W


class WN(nn.Module):
    def __init__(self, n_in_channels, n_layers=3, n_channels=32, kernel_size=3):
        super(WN, self).__init__()
        self.n_layers = n_layers
        self.n_channels = n_channels
        self.in_layers = nn.ModuleList()
        self.res_skip_layers = nn.ModuleList()

        start = nn.Conv1d(n_in_channels, n_channels, 1)
        self.start = nn.utils.weight_norm(start, name="weight")

        end = nn.Conv1d(n_channels, 2 * n_in_channels, 1)
        end.weight.data.zero_()
        end.bias.data.zero_()
        self.end = end

        for i in range(n_layers):
            dilation = 2 ** i
            padding = int((kernel_size * dilation - dilation) / 2)
            in_layer = nn.Conv1d(n_channels, 2 * n_channels, kernel_size, dilation=dilation, padding=padding)
            self.in_layers.append(nn.utils.weight_norm(in_layer, name="weight"))
            res_skip_channels = 2 * n_channels if i < n_layers - 1 else n_channels
            res_skip_layer = nn.Conv1d(n_channels, res_skip_channels, 1)
            self.res_skip_layers.append(nn.utils.weight_norm(res_skip_layer, name="weight"))

    def forward(self, audio):
        audio = self.start(audio)
        output = torch.zeros_like(audio)
        n_channels = self.n_channels

        for i in range(self.n_layers):
            in_act = self.in_layers[i](audio)
            t_act = torch.tanh(in_act[:, :n_channels, :])
            s_act = torch.sigmoid(in_act[:, n_channels:, :])
            acts = t_act * s_act

            res_skip_acts = self.res_skip_layers[i](acts)
            if i < self.n_layers - 1:
                audio = audio + res_skip_acts[:, :n_channels, :]
                output = output + res_skip_acts[:, n_channels:, :]
            else:
                output = output + res_skip_acts
        return self.end(output)


# shapelint: input=(2, 512)
class WaveGlow(nn.Module):
    def __init__(self, n_flows=4, n_group=8, n_early_every=2, n_early_size=2):
        super(WaveGlow, self).__init__()
        assert n_group % 2 == 0
        self.n_flows = n_flows
        self.n_group = n_group
        self.n_early_every = n_early_every
        self.n_early_size = n_early_size
        self.WN = nn.ModuleList()
        self.convinv = nn.ModuleList()

        n_half = int(n_group / 2)
        n_remaining_channels = n_group
        for k in range(n_flows):
            if k % self.n_early_every == 0 and k > 0:
                n_half = n_half - int(self.n_early_size / 2)
                n_remaining_channels = n_remaining_channels - self.n_early_size
            self.convinv.append(Invertible1x1Conv(n_remaining_channels))
            self.WN.append(WN(n_half))
        self.n_remaining_channels = n_remaining_channels

    def forward(self, audio):
        audio = audio.unfold(1, self.n_group, self.n_group).permute(0, 2, 1)
        output_audio = []
        log_s_list = []
        log_det_W_list = []

        for k in range(self.n_flows):
            if k % self.n_early_every == 0 and k > 0:
                output_audio.append(audio[:, :self.n_early_size, :])
                audio = audio[:, self.n_early_size:, :]

            audio, log_det_W = self.convinv[k](audio)
            log_det_W_list.append(log_det_W)

            audio_0, audio_1 = audio.chunk(2, 2)

            output = self.WN[k](audio_0)
            b, log_s = output.chunk(2, 1)
            audio_1 = torch.exp(log_s) * audio_1 + b
            log_s_list.append(log_s)

            audio = torch.cat([audio_0, audio_1], 1)

        output_audio.append(audio)
        return torch.cat(output_audio, 1), log_s_list, log_det_W_list
