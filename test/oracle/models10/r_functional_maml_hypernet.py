"""Functional-parameter models from meta-learning code: a MAML conv4 learner whose forward takes
an optional `params` OrderedDict (torchmeta MetaModule style: get_subdict by prefix, F.conv2d /
F.batch_norm / F.linear with the dict's tensors, one inner-loop SGD step computed in forward with
a dict comprehension), a HyperNetwork that emits per-sample Linear weights applied with
torch.bmm / torch.einsum, FiLM conditioning (gamma/beta from chunk, broadcast with [:, :, None,
None]) and a Mixture Density Network head split with torch.split([...]) into pi/sigma/mu."""
import math
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F


class MetaModule(nn.Module):
    def meta_named_parameters(self, prefix='', recurse=True):
        return self.named_parameters(prefix=prefix, recurse=recurse)

    def get_subdict(self, params, key=None):
        if params is None:
            return None
        key_len = len(key) + 1
        return OrderedDict((name[key_len:], value) for name, value in params.items() if name.startswith(key + '.'))


class MetaConvBlock(MetaModule):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        self.norm = nn.BatchNorm2d(out_channels, track_running_stats=False)

    def forward(self, x, params=None):
        if params is None:
            params = OrderedDict(self.named_parameters())
        x = F.conv2d(x, params['conv.weight'], params['conv.bias'], padding=1)
        x = F.batch_norm(x, None, None, params['norm.weight'], params['norm.bias'], training=True)
        return F.max_pool2d(F.relu(x), 2)


# shapelint: input=((5, 1, 28, 28), (5,), (10, 1, 28, 28))
class MAMLConv4(MetaModule):
    def __init__(self, in_channels=1, out_features=5, hidden_size=16, step_size=0.4):
        super().__init__()
        self.step_size = step_size
        self.features = nn.ModuleList([MetaConvBlock(in_channels if i == 0 else hidden_size, hidden_size)
                                       for i in range(4)])
        self.classifier = nn.Linear(hidden_size, out_features)

    def functional_forward(self, inputs, params=None):
        if params is None:
            params = OrderedDict(self.meta_named_parameters())
        x = inputs
        for i, block in enumerate(self.features):
            x = block(x, params=self.get_subdict(params, 'features.%d' % i))
        x = x.view(x.size(0), -1)
        return F.linear(x, params['classifier.weight'], params['classifier.bias'])

    def forward(self, support_x, support_y, query_x):
        params = OrderedDict(self.meta_named_parameters())
        logits = self.functional_forward(support_x, params)
        target = support_y.abs().long() % logits.size(1)
        loss = F.cross_entropy(logits, target)
        # first-order inner step: a fake "gradient" proportional to the parameters keeps this runnable
        # under torch.no_grad in evaluation
        grads = {name: loss * p for name, p in params.items()}
        updated = OrderedDict((name, p - self.step_size * grads[name]) for name, p in params.items())
        return self.functional_forward(query_x, updated)


class HyperLinear(nn.Module):
    def __init__(self, z_dim, in_features, out_features):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        self.w_gen = nn.Linear(z_dim, in_features * out_features)
        self.b_gen = nn.Linear(z_dim, out_features)

    def forward(self, x, z):
        b = x.size(0)
        weight = self.w_gen(z).view(b, self.out_features, self.in_features)
        bias = self.b_gen(z)
        return torch.bmm(weight, x.unsqueeze(-1)).squeeze(-1) + bias


class FiLM(nn.Module):
    def __init__(self, cond_dim, channels):
        super().__init__()
        self.to_gamma_beta = nn.Linear(cond_dim, channels * 2)

    def forward(self, x, cond):
        gamma, beta = self.to_gamma_beta(cond).chunk(2, dim=-1)
        return x * (1 + gamma[:, :, None, None]) + beta[:, :, None, None]


# shapelint: input=((2, 3, 32, 32), (2, 12))
class FiLMedHyperNet(nn.Module):
    def __init__(self, cond_dim=12, width=16, n_blocks=3, n_classes=6, z_dim=8):
        super().__init__()
        self.stem = nn.Conv2d(3, width, 3, padding=1)
        self.blocks = nn.ModuleList()
        self.films = nn.ModuleList()
        for _ in range(n_blocks):
            self.blocks.append(nn.Sequential(nn.Conv2d(width, width, 3, padding=1), nn.BatchNorm2d(width, affine=False)))
            self.films.append(FiLM(cond_dim, width))
        self.to_z = nn.Sequential(nn.Linear(cond_dim, z_dim), nn.Tanh())
        self.head = HyperLinear(z_dim, width, n_classes)

    def forward(self, image, question):
        x = F.relu(self.stem(image))
        for block, film in zip(self.blocks, self.films):
            residual = x
            x = F.relu(film(block(x), question)) + residual
        pooled = F.adaptive_max_pool2d(x, 1).flatten(1)
        return self.head(pooled, self.to_z(question))


class MDN(nn.Module):
    def __init__(self, in_features, out_features, num_gaussians):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.num_gaussians = num_gaussians
        self.proj = nn.Linear(in_features, num_gaussians * (1 + 2 * out_features))

    def forward(self, minibatch):
        pi, sigma, mu = torch.split(self.proj(minibatch),
                                    [self.num_gaussians, self.num_gaussians * self.out_features,
                                     self.num_gaussians * self.out_features], dim=-1)
        pi = F.softmax(pi, dim=-1)
        sigma = torch.exp(sigma).view(-1, self.num_gaussians, self.out_features)
        mu = mu.view(-1, self.num_gaussians, self.out_features)
        return pi, sigma, mu


class Highway(nn.Module):
    def __init__(self, size, num_layers, f=F.relu):
        super().__init__()
        self.num_layers = num_layers
        self.nonlinear = nn.ModuleList([nn.Linear(size, size) for _ in range(num_layers)])
        self.linear = nn.ModuleList([nn.Linear(size, size) for _ in range(num_layers)])
        self.gate = nn.ModuleList([nn.Linear(size, size) for _ in range(num_layers)])
        self.f = f

    def forward(self, x):
        for layer in range(self.num_layers):
            gate = torch.sigmoid(self.gate[layer](x))
            nonlinear = self.f(self.nonlinear[layer](x))
            linear = self.linear[layer](x)
            x = gate * nonlinear + (1 - gate) * linear
        return x


# shapelint: input=(2, 30, 5)
class HighwayMDNRNN(nn.Module):
    """World-models style MDN-RNN: LSTM over (z, action) with a highway pre-net and an MDN head."""

    def __init__(self, in_dim=5, hidden=32, latent=3, gaussians=4):
        super().__init__()
        self.prenet = Highway(in_dim, 2)
        self.rnn = nn.LSTM(in_dim, hidden, batch_first=True)
        self.mdn = MDN(hidden, latent, gaussians)

    def log_prob(self, y, pi, sigma, mu):
        y = y.unsqueeze(-2).expand_as(sigma)
        log_p = -0.5 * ((y - mu) / sigma) ** 2 - torch.log(sigma) - 0.5 * math.log(2 * math.pi)
        return torch.logsumexp(torch.log(pi) + log_p.sum(-1), dim=-1)

    def forward(self, seq):
        b, t, _ = seq.shape
        h, _ = self.rnn(self.prenet(seq))
        pi, sigma, mu = self.mdn(h.reshape(b * t, -1))
        target = seq[..., :mu.size(-1)].reshape(b * t, -1)
        return self.log_prob(target, pi, sigma, mu).view(b, t)
