"""GraphSAGE from the original paper's "concat" aggregator (as in many from-scratch notebooks): the node's own
features are concatenated with the mean of its neighbours' features, giving 2 * in_features columns, but the layer's
weight was declared nn.Linear(in_features, out_features): mat1 (N, 32) vs mat2 (16, 32)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class SageLayer(nn.Module):
    def __init__(self, in_features, out_features):
        super(SageLayer, self).__init__()
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x, adj):
        # adj: dense (N, N) 0/1 adjacency, rows normalised to a mean aggregator
        deg = adj.sum(dim=1, keepdim=True).clamp(min=1)
        neigh = torch.mm(adj, x) / deg
        combined = torch.cat([x, neigh], dim=1)
        out = F.relu(self.linear(combined))
        return F.normalize(out, p=2, dim=1)


# shapelint: input=(10, 16)
class GraphSage(nn.Module):
    def __init__(self, in_features=16, hidden=32, num_classes=4):
        super(GraphSage, self).__init__()
        self.sage1 = SageLayer(in_features, hidden)
        self.sage2 = SageLayer(hidden, hidden)
        self.classifier = nn.Linear(hidden, num_classes)
        n = 10
        adj = torch.zeros(n, n)
        idx = torch.arange(n)
        adj[idx, (idx + 1) % n] = 1
        adj[(idx + 1) % n, idx] = 1
        self.register_buffer("adj", adj)

    def forward(self, x):
        h = self.sage1(x, self.adj)
        h = self.sage2(h, self.adj)
        return F.log_softmax(self.classifier(h), dim=1)
