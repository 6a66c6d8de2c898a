"""Dense-adjacency graph convolution (Kipf & Welling, 2017) with bmm, symmetric normalization, self loops from an expanded identity, and a graph-level readout."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class GraphConvolution(nn.Module):
    """Simple GCN layer: out = A_hat @ X @ W (+ b)."""

    def __init__(self, in_features, out_features, bias=True):
        super(GraphConvolution, self).__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = nn.Parameter(torch.empty(in_features, out_features))
        if bias:
            self.bias = nn.Parameter(torch.zeros(out_features))
        else:
            self.register_parameter('bias', None)
        nn.init.xavier_uniform_(self.weight)

    def forward(self, x, adj):
        support = torch.matmul(x, self.weight)
        output = torch.bmm(adj, support)
        if self.bias is not None:
            return output + self.bias
        return output

    def __repr__(self):
        return self.__class__.__name__ + ' (' + str(self.in_features) + ' -> ' + str(self.out_features) + ')'


def normalize_adj(adj):
    deg = adj.sum(-1)
    d_inv_sqrt = deg.clamp(min=1).pow(-0.5)
    return d_inv_sqrt.unsqueeze(-1) * adj * d_inv_sqrt.unsqueeze(-2)


# shapelint: input=((2, 12, 16), (2, 12, 12))
class GCN(nn.Module):
    def __init__(self, nfeat=16, nhid=32, nclass=5, dropout=0.5):
        super(GCN, self).__init__()

        self.gc1 = GraphConvolution(nfeat, nhid)
        self.gc2 = GraphConvolution(nhid, nclass)
        self.dropout = dropout

    def forward(self, x, adj):
        b, n, _ = x.shape
        adj = (adj > 0).float()
        adj = adj + torch.eye(n).unsqueeze(0).expand(b, -1, -1)
        adj = normalize_adj(adj)
        x = F.relu(self.gc1(x, adj))
        x = F.dropout(x, self.dropout, training=self.training)
        x = self.gc2(x, adj)
        return F.log_softmax(x, dim=-1)


# shapelint: input=(2, 10, 8)
class GraphClassifier(nn.Module):
    """Builds its own adjacency from feature similarity, then mean+max readout."""

    def __init__(self, in_dim=8, hid=32, n_classes=3, n_layers=3):
        super().__init__()
        self.proj = nn.Linear(in_dim, hid)
        self.layers = nn.ModuleList([GraphConvolution(hid, hid) for _ in range(n_layers)])
        self.norms = nn.ModuleList([nn.BatchNorm1d(hid) for _ in range(n_layers)])
        self.readout = nn.Sequential(nn.Linear(2 * hid, hid), nn.ReLU(), nn.Linear(hid, n_classes))

    def forward(self, x):
        b, n, _ = x.size()
        adj = torch.eye(n).unsqueeze(0).expand(b, -1, -1)
        sim = torch.bmm(x, x.transpose(1, 2))
        adj = torch.where(sim > 0, torch.ones_like(sim), adj)
        adj = normalize_adj(adj)

        h = self.proj(x)
        for conv, norm in zip(self.layers, self.norms):
            h = conv(h, adj)
            h = norm(h.transpose(1, 2)).transpose(1, 2)
            h = F.relu(h)
        hg = torch.cat([h.mean(dim=1), h.max(dim=1)[0]], dim=-1)
        return self.readout(hg)
