"""DCN (deep & cross) whose cross network is sized with the sparse embedding width only, while the
combined input also carries the dense features: the matrix-parameterised cross layer multiplies a
(in, in) kernel by a (B, in + n_dense, 1) column."""
import torch
import torch.nn as nn


class CrossNet(nn.Module):
    def __init__(self, in_features, layer_num=2):
        super().__init__()
        self.layer_num = layer_num
        self.kernels = nn.ParameterList([nn.Parameter(torch.randn(in_features, in_features) * 0.01)
                                         for _ in range(layer_num)])
        self.bias = nn.ParameterList([nn.Parameter(torch.zeros(in_features, 1)) for _ in range(layer_num)])

    def forward(self, inputs):
        x_0 = inputs.unsqueeze(2)
        x_l = x_0
        for i in range(self.layer_num):
            xl_w = torch.matmul(self.kernels[i], x_l)
            x_l = x_0 * (xl_w + self.bias[i]) + x_l
        return x_l.squeeze(2)


# shapelint: input=((4, 5), (4, 3))
class DeepCross(nn.Module):
    vocab_sizes = [10, 12, 8, 20, 6]
    embedding_dim = 8
    n_dense = 3

    def __init__(self, hidden=(32, 16)):
        super().__init__()
        self.embeddings = nn.ModuleList([nn.Embedding(v, self.embedding_dim) for v in self.vocab_sizes])
        sparse_dim = len(self.vocab_sizes) * self.embedding_dim
        layers, d = [], sparse_dim + self.n_dense
        for h in hidden:
            layers += [nn.Linear(d, h), nn.ReLU()]
            d = h
        self.dnn = nn.Sequential(*layers)
        self.cross = CrossNet(sparse_dim)
        self.out = nn.Linear(sparse_dim + self.n_dense + hidden[-1], 1)

    def forward(self, sparse, dense):
        embs = [emb(sparse[:, i]) for i, emb in enumerate(self.embeddings)]
        x = torch.cat(embs + [dense.float()], dim=-1)
        cross_out = self.cross(x)
        deep_out = self.dnn(x)
        return torch.sigmoid(self.out(torch.cat([cross_out, deep_out], dim=-1)))
