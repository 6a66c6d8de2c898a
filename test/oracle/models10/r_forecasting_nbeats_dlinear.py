"""Forecasting models from the long-horizon benchmark repos: N-BEATS (ElementAI style: generic,
trend and seasonality bases as registered buffers built with torch.stack/cos/sin in helper
functions, theta split with slicing, residual backcast loop with flipped input), DLinear
(thuml/LTSF-Linear: moving_avg with front/end padding by repeat, AvgPool1d on permuted input,
series_decomp, per-channel nn.ModuleList of Linear stacked along dim=2) and PatchTST-lite
(RevIN with keepdim statistics, ReplicationPad1d end padding, Tensor.unfold into patches,
channel-independent reshape to (B*C, N, D), flatten head)."""
import math
from typing import List, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F


class NBeatsBlock(nn.Module):
    def __init__(self, input_size, theta_size: int, basis_function: nn.Module, layers: int, layer_size: int):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(in_features=input_size, out_features=layer_size)] +
                                    [nn.Linear(in_features=layer_size, out_features=layer_size)
                                     for _ in range(layers - 1)])
        self.basis_parameters = nn.Linear(in_features=layer_size, out_features=theta_size)
        self.basis_function = basis_function

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        block_input = x
        for layer in self.layers:
            block_input = torch.relu(layer(block_input))
        basis_parameters = self.basis_parameters(block_input)
        return self.basis_function(basis_parameters)


class GenericBasis(nn.Module):
    def __init__(self, backcast_size: int, forecast_size: int):
        super().__init__()
        self.backcast_size = backcast_size
        self.forecast_size = forecast_size

    def forward(self, theta: torch.Tensor):
        return theta[:, :self.backcast_size], theta[:, -self.forecast_size:]


class TrendBasis(nn.Module):
    def __init__(self, degree_of_polynomial: int, backcast_size: int, forecast_size: int):
        super().__init__()
        self.polynomial_size = degree_of_polynomial + 1
        self.register_buffer('backcast_time', torch.stack(
            [torch.pow(torch.arange(backcast_size, dtype=torch.float32) / backcast_size, i)
             for i in range(self.polynomial_size)]))
        self.register_buffer('forecast_time', torch.stack(
            [torch.pow(torch.arange(forecast_size, dtype=torch.float32) / forecast_size, i)
             for i in range(self.polynomial_size)]))

    def forward(self, theta):
        backcast = torch.einsum('bp,pt->bt', theta[:, self.polynomial_size:], self.backcast_time)
        forecast = torch.einsum('bp,pt->bt', theta[:, :self.polynomial_size], self.forecast_time)
        return backcast, forecast


class SeasonalityBasis(nn.Module):
    def __init__(self, harmonics: int, backcast_size: int, forecast_size: int):
        super().__init__()
        self.frequency = torch.cat([torch.zeros(1), torch.arange(harmonics, harmonics / 2 * forecast_size) / harmonics])[None, :]
        backcast_grid = -2 * math.pi * (torch.arange(backcast_size, dtype=torch.float32)[:, None] / forecast_size) * self.frequency
        forecast_grid = 2 * math.pi * (torch.arange(forecast_size, dtype=torch.float32)[:, None] / forecast_size) * self.frequency
        self.register_buffer('backcast_cos_template', torch.cos(backcast_grid).t())
        self.register_buffer('backcast_sin_template', torch.sin(backcast_grid).t())
        self.register_buffer('forecast_cos_template', torch.cos(forecast_grid).t())
        self.register_buffer('forecast_sin_template', torch.sin(forecast_grid).t())

    def forward(self, theta: torch.Tensor):
        params_per_harmonic = theta.shape[1] // 4
        backcast_harmonics_cos = torch.einsum('bp,pt->bt', theta[:, 2 * params_per_harmonic:3 * params_per_harmonic],
                                              self.backcast_cos_template)
        backcast_harmonics_sin = torch.einsum('bp,pt->bt', theta[:, 3 * params_per_harmonic:], self.backcast_sin_template)
        backcast = backcast_harmonics_sin + backcast_harmonics_cos
        forecast_harmonics_cos = torch.einsum('bp,pt->bt', theta[:, :params_per_harmonic], self.forecast_cos_template)
        forecast_harmonics_sin = torch.einsum('bp,pt->bt', theta[:, params_per_harmonic:2 * params_per_harmonic],
                                              self.forecast_sin_template)
        forecast = forecast_harmonics_sin + forecast_harmonics_cos
        return backcast, forecast


class NBeats(nn.Module):
    def __init__(self, blocks: nn.ModuleList):
        super().__init__()
        self.blocks = blocks

    def forward(self, x: torch.Tensor, input_mask: torch.Tensor) -> torch.Tensor:
        residuals = x.flip(dims=(1,))
        input_mask = input_mask.flip(dims=(1,))
        forecast = x[:, -1:]
        for i, block in enumerate(self.blocks):
            backcast, block_forecast = block(residuals)
            residuals = (residuals - backcast) * input_mask
            forecast = forecast + block_forecast
        return forecast


# shapelint: input=((2, 48), (2, 48))
def interpretable(input_size=48, output_size=12, trend_blocks=2, trend_layers=2, trend_layer_size=64,
                  degree_of_polynomial=3, seasonality_blocks=2, seasonality_layers=2, seasonality_layer_size=64,
                  num_of_harmonics=1):
    trend_block = NBeatsBlock(input_size=input_size,
                              theta_size=2 * (degree_of_polynomial + 1),
                              basis_function=TrendBasis(degree_of_polynomial, input_size, output_size),
                              layers=trend_layers, layer_size=trend_layer_size)
    seasonality_block = NBeatsBlock(input_size=input_size,
                                    theta_size=4 * int(math.ceil(num_of_harmonics / 2 * output_size) - (num_of_harmonics - 1)),
                                    basis_function=SeasonalityBasis(num_of_harmonics, input_size, output_size),
                                    layers=seasonality_layers, layer_size=seasonality_layer_size)
    return NBeats(nn.ModuleList([trend_block for _ in range(trend_blocks)] +
                                [seasonality_block for _ in range(seasonality_blocks)]))


# shapelint: input=((2, 48), (2, 48))
def generic(input_size=48, output_size=12, stacks=3, layers=2, layer_size=32):
    return NBeats(nn.ModuleList([NBeatsBlock(input_size=input_size, theta_size=input_size + output_size,
                                             basis_function=GenericBasis(backcast_size=input_size, forecast_size=output_size),
                                             layers=layers, layer_size=layer_size) for _ in range(stacks)]))


class moving_avg(nn.Module):
    def __init__(self, kernel_size, stride):
        super().__init__()
        self.kernel_size = kernel_size
        self.avg = nn.AvgPool1d(kernel_size=kernel_size, stride=stride, padding=0)

    def forward(self, x):
        front = x[:, 0:1, :].repeat(1, (self.kernel_size - 1) // 2, 1)
        end = x[:, -1:, :].repeat(1, (self.kernel_size - 1) // 2, 1)
        x = torch.cat([front, x, end], dim=1)
        x = self.avg(x.permute(0, 2, 1))
        return x.permute(0, 2, 1)


class series_decomp(nn.Module):
    def __init__(self, kernel_size):
        super().__init__()
        self.moving_avg = moving_avg(kernel_size, stride=1)

    def forward(self, x):
        moving_mean = self.moving_avg(x)
        res = x - moving_mean
        return res, moving_mean


class Configs:
    seq_len = 96
    pred_len = 24
    enc_in = 7
    individual = True
    moving_avg = 25
    patch_len = 16
    stride = 8
    d_model = 32
    n_heads = 4
    e_layers = 2
    d_ff = 64
    dropout = 0.1


# shapelint: input=(2, 96, 7)
class DLinear(nn.Module):
    def __init__(self, configs=Configs):
        super().__init__()
        self.seq_len = configs.seq_len
        self.pred_len = configs.pred_len
        self.decompsition = series_decomp(configs.moving_avg)
        self.individual = configs.individual
        self.channels = configs.enc_in
        if self.individual:
            self.Linear_Seasonal = nn.ModuleList()
            self.Linear_Trend = nn.ModuleList()
            for i in range(self.channels):
                self.Linear_Seasonal.append(nn.Linear(self.seq_len, self.pred_len))
                self.Linear_Trend.append(nn.Linear(self.seq_len, self.pred_len))
        else:
            self.Linear_Seasonal = nn.Linear(self.seq_len, self.pred_len)
            self.Linear_Trend = nn.Linear(self.seq_len, self.pred_len)

    def forward(self, x):
        seasonal_init, trend_init = self.decompsition(x)
        seasonal_init, trend_init = seasonal_init.permute(0, 2, 1), trend_init.permute(0, 2, 1)
        if self.individual:
            seasonal_output = torch.zeros([seasonal_init.size(0), seasonal_init.size(1), self.pred_len],
                                          dtype=seasonal_init.dtype).to(seasonal_init.device)
            trend_output = torch.zeros([trend_init.size(0), trend_init.size(1), self.pred_len],
                                       dtype=trend_init.dtype).to(trend_init.device)
            for i in range(self.channels):
                seasonal_output[:, i, :] = self.Linear_Seasonal[i](seasonal_init[:, i, :])
                trend_output[:, i, :] = self.Linear_Trend[i](trend_init[:, i, :])
        else:
            seasonal_output = self.Linear_Seasonal(seasonal_init)
            trend_output = self.Linear_Trend(trend_init)
        x = seasonal_output + trend_output
        return x.permute(0, 2, 1)


class RevIN(nn.Module):
    def __init__(self, num_features: int, eps=1e-5, affine=True):
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.affine = affine
        if self.affine:
            self.affine_weight = nn.Parameter(torch.ones(self.num_features))
            self.affine_bias = nn.Parameter(torch.zeros(self.num_features))

    def forward(self, x, mode: str):
        if mode == 'norm':
            self._get_statistics(x)
            x = self._normalize(x)
        elif mode == 'denorm':
            x = self._denormalize(x)
        else:
            raise NotImplementedError
        return x

    def _get_statistics(self, x):
        dim2reduce = tuple(range(1, x.ndim - 1))
        self.mean = torch.mean(x, dim=dim2reduce, keepdim=True).detach()
        self.stdev = torch.sqrt(torch.var(x, dim=dim2reduce, keepdim=True, unbiased=False) + self.eps).detach()

    def _normalize(self, x):
        x = x - self.mean
        x = x / self.stdev
        if self.affine:
            x = x * self.affine_weight
            x = x + self.affine_bias
        return x

    def _denormalize(self, x):
        if self.affine:
            x = x - self.affine_bias
            x = x / (self.affine_weight + self.eps * self.eps)
        x = x * self.stdev
        x = x + self.mean
        return x


class FlattenHead(nn.Module):
    def __init__(self, n_vars, nf, target_window, head_dropout=0):
        super().__init__()
        self.n_vars = n_vars
        self.flatten = nn.Flatten(start_dim=-2)
        self.linear = nn.Linear(nf, target_window)
        self.dropout = nn.Dropout(head_dropout)

    def forward(self, x):
        x = self.flatten(x)
        x = self.linear(x)
        return self.dropout(x)


# shapelint: input=(2, 96, 7)
class PatchTST(nn.Module):
    def __init__(self, configs=Configs):
        super().__init__()
        self.seq_len = configs.seq_len
        self.pred_len = configs.pred_len
        self.patch_len, self.stride = configs.patch_len, configs.stride
        self.revin = RevIN(configs.enc_in)
        self.padding_patch_layer = nn.ReplicationPad1d((0, self.stride))
        self.value_embedding = nn.Linear(self.patch_len, configs.d_model, bias=False)
        self.position_embedding = nn.Parameter(torch.randn(1, 1000, configs.d_model) * 0.02)
        layer = nn.TransformerEncoderLayer(configs.d_model, configs.n_heads, configs.d_ff, configs.dropout,
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, configs.e_layers, norm=nn.LayerNorm(configs.d_model))
        self.head_nf = configs.d_model * int((configs.seq_len - self.patch_len) / self.stride + 2)
        self.head = FlattenHead(configs.enc_in, self.head_nf, configs.pred_len, head_dropout=configs.dropout)

    def forward(self, x_enc):
        x_enc = self.revin(x_enc, 'norm')
        x_enc = x_enc.permute(0, 2, 1)
        n_vars = x_enc.shape[1]
        x = self.padding_patch_layer(x_enc)
        x = x.unfold(dimension=-1, size=self.patch_len, step=self.stride)
        x = torch.reshape(x, (x.shape[0] * x.shape[1], x.shape[2], x.shape[3]))
        enc_in = self.value_embedding(x) + self.position_embedding[:, :x.size(1)]
        enc_out = self.encoder(enc_in)
        enc_out = torch.reshape(enc_out, (-1, n_vars, enc_out.shape[-2], enc_out.shape[-1]))
        enc_out = enc_out.permute(0, 1, 3, 2)
        dec_out = self.head(enc_out)
        dec_out = dec_out.permute(0, 2, 1)
        return self.revin(dec_out, 'denorm')
