"""An MLP built with nn.ModuleList zipped against plain lists of dims, lambda activations and a num_out property."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(3, 16)
class ZipMLP(nn.Module):
    def __init__(self, dims=[16, 64, 64, 32], out_dim=5):
        super().__init__()
        self.dims = dims
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:])])
        self.acts = [lambda t: F.relu(t), lambda t: F.gelu(t), torch.tanh]
        self.act_out = lambda t: t * torch.sigmoid(t)
        self.head = nn.Linear(dims[-1], out_dim)

    @property
    def num_out(self):
        return self.head.out_features

    def forward(self, x):
        for layer, act, width in zip(self.layers, self.acts, self.dims[1:]):
            x = act(layer(x))
            assert x.shape[-1] == width
        x = self.act_out(x)
        return self.head(x).view(-1, self.num_out)
