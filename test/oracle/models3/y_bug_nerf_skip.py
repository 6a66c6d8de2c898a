"""A NeRF field in the nerf_pl layout: an Embedding module looping over frequency bands and sin/cos, numbered xyz_encoding layers set with setattr, the encoded xyz re-concatenated at the skip layer, and separate sigma and view-dependent rgb heads."""
import torch
import torch.nn as nn


class Embedding(nn.Module):
    def __init__(self, in_channels, N_freqs, logscale=True):
        super(Embedding, self).__init__()
        self.N_freqs = N_freqs
        self.in_channels = in_channels
        self.funcs = [torch.sin, torch.cos]
        self.out_channels = in_channels * (len(self.funcs) * N_freqs + 1)

        if logscale:
            self.freq_bands = 2 ** torch.linspace(0, N_freqs - 1, N_freqs)
        else:
            self.freq_bands = torch.linspace(1, 2 ** (N_freqs - 1), N_freqs)

    def forward(self, x):
        out = [x]
        for freq in self.freq_bands:
            for func in self.funcs:
                out += [func(freq * x)]
        return torch.cat(out, -1)


class NeRF(nn.Module):
    def __init__(self, D=8, W=64, in_channels_xyz=63, in_channels_dir=27, skips=(4,)):
        super(NeRF, self).__init__()
        self.D = D
        self.W = W
        self.in_channels_xyz = in_channels_xyz
        self.in_channels_dir = in_channels_dir
        self.skips = skips

        for i, layer in enumerate([nn.Linear(in_channels_xyz, W)] + [nn.Linear(W, W) for _ in range(1, D)]):
            layer = nn.Sequential(layer, nn.ReLU(True))
            setattr(self, f"xyz_encoding_{i + 1}", layer)
        self.xyz_encoding_final = nn.Linear(W, W)

        self.dir_encoding = nn.Sequential(nn.Linear(W + in_channels_dir, W // 2), nn.ReLU(True))

        self.sigma = nn.Linear(W, 1)
        self.rgb = nn.Sequential(nn.Linear(W // 2, 3), nn.Sigmoid())

    def forward(self, x, sigma_only=False):
        if not sigma_only:
            input_xyz, input_dir = torch.split(x, [self.in_channels_xyz, self.in_channels_dir], dim=-1)
        else:
            input_xyz = x

        xyz_ = input_xyz
        for i in range(self.D):
            if i in self.skips:
                xyz_ = torch.cat([input_xyz, xyz_], -1)
            xyz_ = getattr(self, f"xyz_encoding_{i + 1}")(xyz_)

        sigma = self.sigma(xyz_)
        if sigma_only:
            return sigma

        xyz_encoding_final = self.xyz_encoding_final(xyz_)

        dir_encoding_input = torch.cat([xyz_encoding_final, input_dir], -1)
        dir_encoding = self.dir_encoding(dir_encoding_input)
        rgb = self.rgb(dir_encoding)

        out = torch.cat([rgb, sigma], -1)
        return out


# shapelint: input=((64, 3), (64, 3))
class NeRFRenderer(nn.Module):
    def __init__(self, N_xyz_freqs=10, N_dir_freqs=4, W=64):
        super().__init__()
        self.embedding_xyz = Embedding(3, N_xyz_freqs)
        self.embedding_dir = Embedding(3, N_dir_freqs)
        self.nerf_coarse = NeRF(W=W, in_channels_xyz=self.embedding_xyz.out_channels,
                                in_channels_dir=self.embedding_dir.out_channels)

    def forward(self, xyz, dirs):
        xyz_embedded = self.embedding_xyz(xyz)
        dir_embedded = self.embedding_dir(dirs)
        xyzdir_embedded = torch.cat([xyz_embedded, dir_embedded], 1)
        return self.nerf_coarse(xyzdir_embedded)
