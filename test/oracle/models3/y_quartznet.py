"""A QuartzNet-lite ASR encoder/decoder (Kriman et al., 2020): time-channel separable Conv1d blocks (depthwise then pointwise) repeated R times with a 1x1 residual added before the last activation, a dilated epilogue, and a CTC head."""
import torch
import torch.nn as nn


def get_same_padding(kernel_size, stride, dilation):
    if stride > 1 and dilation > 1:
        raise ValueError("Only stride OR dilation may be greater than 1")
    return (dilation * (kernel_size - 1)) // 2


class JasperBlock(nn.Module):
    def __init__(self, inplanes, planes, repeat=3, kernel_size=11, stride=1, dilation=1,
                 dropout=0.2, residual=True, separable=True):
        super(JasperBlock, self).__init__()
        padding_val = get_same_padding(kernel_size, stride, dilation)
        self.separable = separable

        inplanes_loop = inplanes
        conv = nn.ModuleList()
        for _ in range(repeat - 1):
            conv.extend(self._get_conv_bn_layer(inplanes_loop, planes, kernel_size, stride, dilation, padding_val))
            conv.extend(self._get_act_dropout_layer(dropout))
            inplanes_loop = planes
        conv.extend(self._get_conv_bn_layer(inplanes_loop, planes, kernel_size, stride, dilation, padding_val))
        self.mconv = conv

        self.res = None
        if residual:
            self.res = nn.ModuleList([nn.ModuleList(
                self._get_conv_bn_layer(inplanes, planes, kernel_size=1)
            )])
        self.mout = nn.Sequential(*self._get_act_dropout_layer(dropout))

    def _get_conv_bn_layer(self, in_channels, out_channels, kernel_size=11, stride=1, dilation=1, padding=0):
        if self.separable and kernel_size > 1:
            layers = [
                nn.Conv1d(in_channels, in_channels, kernel_size, stride=stride, dilation=dilation,
                          padding=padding, bias=False, groups=in_channels),
                nn.Conv1d(in_channels, out_channels, kernel_size=1, stride=1, dilation=1,
                          padding=0, bias=False),
            ]
        else:
            layers = [nn.Conv1d(in_channels, out_channels, kernel_size, stride=stride, dilation=dilation,
                                padding=padding, bias=False)]
        layers.append(nn.BatchNorm1d(out_channels, eps=1e-3, momentum=0.1))
        return layers

    def _get_act_dropout_layer(self, drop_prob=0.2):
        return [nn.ReLU(inplace=True), nn.Dropout(p=drop_prob)]

    def forward(self, xs):
        out = xs[-1]
        for layer in self.mconv:
            out = layer(out)

        if self.res is not None:
            for i, layer in enumerate(self.res):
                res_out = xs[i]
                for res_layer in layer:
                    res_out = res_layer(res_out)
                out = out + res_out

        out = self.mout(out)
        return [out]


# shapelint: input=(2, 64, 128)
class QuartzNet(nn.Module):
    def __init__(self, feat_in=64, num_classes=29):
        super().__init__()
        cfg = [
            # filters, repeat, kernel, stride, dilation, residual
            (64, 1, 33, 2, 1, False),
            (64, 3, 33, 1, 1, True),
            (96, 3, 39, 1, 1, True),
            (96, 3, 51, 1, 1, True),
            (128, 1, 29, 1, 2, False),
            (256, 1, 1, 1, 1, False),
        ]
        feat_in_loop = feat_in
        encoder_layers = []
        for filters, repeat, kernel, stride, dilation, residual in cfg:
            encoder_layers.append(JasperBlock(feat_in_loop, filters, repeat=repeat, kernel_size=kernel,
                                              stride=stride, dilation=dilation, residual=residual))
            feat_in_loop = filters
        self.encoder = nn.Sequential(*encoder_layers)
        self.decoder_layers = nn.Sequential(nn.Conv1d(feat_in_loop, num_classes + 1, kernel_size=1, bias=True))

    def forward(self, audio_signal):
        s_input = self.encoder([audio_signal])
        encoded = s_input[-1]
        log_probs = self.decoder_layers(encoded).transpose(1, 2)
        return torch.nn.functional.log_softmax(log_probs, dim=-1)
