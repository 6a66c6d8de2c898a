"""Continuous-depth models without torchdiffeq (rtqichen/torchdiffeq examples re-implemented
with a fixed-step solver): an ODEfunc whose ConcatConv2d appends a time channel via
torch.ones_like(x[:, :1, :, :]) * t, a hand-written RK4 odeint over torch.linspace times
returning torch.stack of states, ODEBlock taking the final state with out[-1], an augmented
neural ODE padding extra zero channels with F.pad over the channel axis, and a latent ODE with
an RNN-cell encoder run backwards over reversed(range(T)), z0 from sliced mean/logvar, and a decoder applied
to the trajectory permuted to batch-first."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def norm(dim):
    return nn.GroupNorm(min(32, dim), dim)


class ConcatConv2d(nn.Module):
    def __init__(self, dim_in, dim_out, ksize=3, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 transpose=False):
        super().__init__()
        module = nn.ConvTranspose2d if transpose else nn.Conv2d
        self._layer = module(dim_in + 1, dim_out, kernel_size=ksize, stride=stride, padding=padding,
                             dilation=dilation, groups=groups, bias=bias)

    def forward(self, t, x):
        tt = torch.ones_like(x[:, :1, :, :]) * t
        ttx = torch.cat([tt, x], 1)
        return self._layer(ttx)


class ODEfunc(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm1 = norm(dim)
        self.relu = nn.ReLU(inplace=True)
        self.conv1 = ConcatConv2d(dim, dim, 3, 1, 1)
        self.norm2 = norm(dim)
        self.conv2 = ConcatConv2d(dim, dim, 3, 1, 1)
        self.norm3 = norm(dim)
        self.nfe = 0

    def forward(self, t, x):
        self.nfe += 1
        out = self.norm1(x)
        out = self.relu(out)
        out = self.conv1(t, out)
        out = self.norm2(out)
        out = self.relu(out)
        out = self.conv2(t, out)
        return self.norm3(out)


def rk4_step(func, t0, dt, y0):
    half_dt = dt * 0.5
    k1 = func(t0, y0)
    k2 = func(t0 + half_dt, y0 + half_dt * k1)
    k3 = func(t0 + half_dt, y0 + half_dt * k2)
    k4 = func(t0 + dt, y0 + dt * k3)
    return y0 + dt * (k1 + 2 * (k2 + k3) + k4) / 6


def odeint(func, y0, t, method='rk4'):
    solution = [y0]
    y = y0
    for t0, t1 in zip(t[:-1], t[1:]):
        dt = t1 - t0
        if method == 'euler':
            y = y + dt * func(t0, y)
        else:
            y = rk4_step(func, t0, dt, y)
        solution.append(y)
    return torch.stack(solution)


class ODEBlock(nn.Module):
    def __init__(self, odefunc, steps=2):
        super().__init__()
        self.odefunc = odefunc
        self.register_buffer('integration_time', torch.linspace(0, 1, steps + 1))

    def forward(self, x):
        out = odeint(self.odefunc, x, self.integration_time.type_as(x))
        return out[-1]

    @property
    def nfe(self):
        return self.odefunc.nfe


class Flatten(nn.Module):
    def forward(self, x):
        shape = torch.prod(torch.tensor(x.shape[1:])).item()
        return x.view(-1, shape)


# shapelint: input=(2, 1, 28, 28)
class ODENetMNIST(nn.Module):
    def __init__(self, dim=16, downsampling_method='conv'):
        super().__init__()
        if downsampling_method == 'conv':
            downsampling_layers = [
                nn.Conv2d(1, dim, 3, 1),
                norm(dim), nn.ReLU(inplace=True),
                nn.Conv2d(dim, dim, 4, 2, 1),
                norm(dim), nn.ReLU(inplace=True),
                nn.Conv2d(dim, dim, 4, 2, 1),
            ]
        feature_layers = [ODEBlock(ODEfunc(dim))]
        fc_layers = [norm(dim), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d((1, 1)), Flatten(), nn.Linear(dim, 10)]
        self.net = nn.Sequential(*downsampling_layers, *feature_layers, *fc_layers)

    def forward(self, x):
        return self.net(x)


class AugmentedODEFunc(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim + 1, hidden), nn.Tanh(), nn.Linear(hidden, dim))

    def forward(self, t, h):
        t_vec = t.expand(h.shape[0], 1)
        return self.net(torch.cat([h, t_vec], dim=-1))


# shapelint: input=(4, 2)
class AugmentedNODE(nn.Module):
    def __init__(self, data_dim=2, augment_dim=3, hidden=16, out_dim=1, steps=4):
        super().__init__()
        self.augment_dim = augment_dim
        self.func = AugmentedODEFunc(data_dim + augment_dim, hidden)
        self.steps = steps
        self.linear = nn.Linear(data_dim + augment_dim, out_dim)

    def forward(self, x):
        x_aug = F.pad(x, (0, self.augment_dim))
        t = torch.linspace(0., 1., self.steps + 1)
        traj = odeint(self.func, x_aug, t, method='euler')
        return self.linear(traj[-1]), traj


class LatentODEfunc(nn.Module):
    def __init__(self, latent_dim=4, nhidden=20):
        super().__init__()
        self.elu = nn.ELU(inplace=True)
        self.fc1 = nn.Linear(latent_dim, nhidden)
        self.fc2 = nn.Linear(nhidden, nhidden)
        self.fc3 = nn.Linear(nhidden, latent_dim)

    def forward(self, t, x):
        out = self.elu(self.fc1(x))
        out = self.elu(self.fc2(out))
        return self.fc3(out)


class RecognitionRNN(nn.Module):
    def __init__(self, latent_dim=4, obs_dim=2, nhidden=25, nbatch=1):
        super().__init__()
        self.nhidden = nhidden
        self.nbatch = nbatch
        self.i2h = nn.Linear(obs_dim + nhidden, nhidden)
        self.h2o = nn.Linear(nhidden, latent_dim * 2)

    def forward(self, x, h):
        combined = torch.cat((x, h), dim=1)
        h = torch.tanh(self.i2h(combined))
        out = self.h2o(h)
        return out, h

    def initHidden(self, batch):
        return torch.zeros(batch, self.nhidden)


class Decoder(nn.Module):
    def __init__(self, latent_dim=4, obs_dim=2, nhidden=20):
        super().__init__()
        self.relu = nn.ReLU(inplace=True)
        self.fc1 = nn.Linear(latent_dim, nhidden)
        self.fc2 = nn.Linear(nhidden, obs_dim)

    def forward(self, z):
        return self.fc2(self.relu(self.fc1(z)))


# shapelint: input=((3, 15, 2), (10,))
class LatentODE(nn.Module):
    def __init__(self, latent_dim=4, obs_dim=2, rnn_nhidden=25, nhidden=20):
        super().__init__()
        self.func = LatentODEfunc(latent_dim, nhidden)
        self.rec = RecognitionRNN(latent_dim, obs_dim, rnn_nhidden)
        self.dec = Decoder(latent_dim, obs_dim, nhidden)
        self.latent_dim = latent_dim

    def forward(self, samp_trajs, samp_ts):
        h = self.rec.initHidden(samp_trajs.size(0))
        for t in reversed(range(samp_trajs.size(1))):
            obs = samp_trajs[:, t, :]
            out, h = self.rec.forward(obs, h)
        qz0_mean, qz0_logvar = out[:, :self.latent_dim], out[:, self.latent_dim:]
        epsilon = torch.randn(qz0_mean.size())
        z0 = epsilon * torch.exp(.5 * qz0_logvar) + qz0_mean
        ts = torch.sort(samp_ts.abs()).values
        pred_z = odeint(self.func, z0, ts).permute(1, 0, 2)
        return self.dec(pred_z)
