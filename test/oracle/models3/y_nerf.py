"""A NeRF MLP (Mildenhall et al., 2020) in the nerf-pytorch layout: sin/cos positional encoding over frequency bands, an 8-layer trunk with the encoded point re-concatenated at layer 4, and a view-dependent RGB branch."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Embedder(nn.Module):
    def __init__(self, multires, include_input=True, log_sampling=True):
        super().__init__()
        self.include_input = include_input
        max_freq = multires - 1
        if log_sampling:
            freq_bands = 2. ** torch.linspace(0., max_freq, steps=multires)
        else:
            freq_bands = torch.linspace(2. ** 0., 2. ** max_freq, steps=multires)
        self.freq_bands = freq_bands.tolist()
        self.out_dim = 3 * (int(include_input) + 2 * multires)

    def forward(self, x):
        out = [x] if self.include_input else []
        for freq in self.freq_bands:
            out += [torch.sin(x * freq), torch.cos(x * freq)]
        return torch.cat(out, -1)


class NeRF(nn.Module):
    def __init__(self, D=8, W=64, input_ch=3, input_ch_views=3, output_ch=4, skips=(4,), use_viewdirs=True):
        super(NeRF, self).__init__()
        self.D = D
        self.W = W
        self.input_ch = input_ch
        self.input_ch_views = input_ch_views
        self.skips = skips
        self.use_viewdirs = use_viewdirs

        self.pts_linears = nn.ModuleList(
            [nn.Linear(input_ch, W)] + [nn.Linear(W, W) if i not in self.skips else nn.Linear(W + input_ch, W)
                                        for i in range(D - 1)])
        self.views_linears = nn.ModuleList([nn.Linear(input_ch_views + W, W // 2)])

        if use_viewdirs:
            self.feature_linear = nn.Linear(W, W)
            self.alpha_linear = nn.Linear(W, 1)
            self.rgb_linear = nn.Linear(W // 2, 3)
        else:
            self.output_linear = nn.Linear(W, output_ch)

    def forward(self, x):
        input_pts, input_views = torch.split(x, [self.input_ch, self.input_ch_views], dim=-1)
        h = input_pts
        for i, l in enumerate(self.pts_linears):
            h = self.pts_linears[i](h)
            h = F.relu(h)
            if i in self.skips:
                h = torch.cat([input_pts, h], -1)

        if self.use_viewdirs:
            alpha = self.alpha_linear(h)
            feature = self.feature_linear(h)
            h = torch.cat([feature, input_views], -1)

            for i, l in enumerate(self.views_linears):
                h = self.views_linears[i](h)
                h = F.relu(h)

            rgb = self.rgb_linear(h)
            outputs = torch.cat([rgb, alpha], -1)
        else:
            outputs = self.output_linear(h)
        return outputs


# shapelint: input=((2, 32, 3), (2, 32, 3))
class NeRFField(nn.Module):
    def __init__(self, multires=6, multires_views=3, netdepth=8, netwidth=64):
        super().__init__()
        self.embed_fn = Embedder(multires)
        self.embeddirs_fn = Embedder(multires_views)
        self.model = NeRF(D=netdepth, W=netwidth, input_ch=self.embed_fn.out_dim,
                          input_ch_views=self.embeddirs_fn.out_dim, use_viewdirs=True)

    def forward(self, pts, viewdirs):
        inputs_flat = torch.reshape(pts, [-1, pts.shape[-1]])
        embedded = self.embed_fn(inputs_flat)

        viewdirs = viewdirs / torch.norm(viewdirs, dim=-1, keepdim=True)
        input_dirs_flat = torch.reshape(viewdirs, [-1, viewdirs.shape[-1]])
        embedded_dirs = self.embeddirs_fn(input_dirs_flat)
        embedded = torch.cat([embedded, embedded_dirs], -1)

        outputs_flat = self.model(embedded)
        outputs = torch.reshape(outputs_flat, list(pts.shape[:-1]) + [outputs_flat.shape[-1]])
        rgb = torch.sigmoid(outputs[..., :3])
        sigma = F.relu(outputs[..., 3])
        return rgb, sigma
