"""GraphSAGE / GIN written without torch_geometric, as in course notebooks and "GNN from scratch" repositories:
a fixed edge_index buffer (2, E), message gathering with x[src], mean aggregation with torch.zeros(...).index_add_
and a degree from torch.bincount(minlength=N), scatter_add_ with an expanded index, SAGEConv with lin_l/lin_r and
F.normalize, a GIN layer with (1 + eps) * x + sum, a global_mean_pool over a batch vector, and a JK-style cat of the
per-layer node embeddings."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def make_ring_graph(num_nodes, num_graphs):
    """Two ring graphs with chords, stored as a (2, E) edge_index plus the batch assignment vector."""
    per = num_nodes // num_graphs
    src, dst = [], []
    for g in range(num_graphs):
        base = g * per
        for i in range(per):
            j = (i + 1) % per
            k = (i + 3) % per
            src += [base + i, base + j, base + i]
            dst += [base + j, base + i, base + k]
    edge_index = torch.tensor([src, dst], dtype=torch.long)
    batch = torch.arange(num_graphs).repeat_interleave(per)
    return edge_index, batch


def scatter_mean(src, index, dim_size):
    out = torch.zeros(dim_size, src.size(1), dtype=src.dtype)
    out.index_add_(0, index, src)
    count = torch.bincount(index, minlength=dim_size).clamp(min=1).to(src.dtype)
    return out / count.unsqueeze(-1)


def scatter_sum(src, index, dim_size):
    index = index.unsqueeze(-1).expand_as(src)
    out = src.new_zeros((dim_size, src.size(-1)))
    return out.scatter_add_(0, index, src)


class SAGEConv(nn.Module):
    def __init__(self, in_channels, out_channels, normalize=False, root_weight=True, bias=True):
        super(SAGEConv, self).__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.normalize = normalize
        self.root_weight = root_weight
        self.lin_l = nn.Linear(in_channels, out_channels, bias=bias)
        if self.root_weight:
            self.lin_r = nn.Linear(in_channels, out_channels, bias=False)

    def forward(self, x, edge_index):
        src, dst = edge_index
        out = scatter_mean(x[src], dst, dim_size=x.size(0))
        out = self.lin_l(out)
        if self.root_weight:
            out = out + self.lin_r(x)
        if self.normalize:
            out = F.normalize(out, p=2., dim=-1)
        return out


class GINConv(nn.Module):
    def __init__(self, nn_module, eps=0.0, train_eps=True):
        super().__init__()
        self.nn = nn_module
        if train_eps:
            self.eps = nn.Parameter(torch.Tensor([eps]))
        else:
            self.register_buffer('eps', torch.Tensor([eps]))

    def forward(self, x, edge_index):
        row, col = edge_index
        aggr = scatter_sum(x[row], col, x.size(0))
        out = (1 + self.eps) * x + aggr
        return self.nn(out)


def global_mean_pool(x, batch, size=None):
    size = int(batch.max().item() + 1) if size is None else size
    return scatter_mean(x, batch, size)


def global_add_pool(x, batch, size):
    return torch.zeros(size, x.size(-1)).index_add_(0, batch, x)


# shapelint: input=(12, 16)
class GraphSAGE(nn.Module):
    def __init__(self, in_channels=16, hidden_channels=32, out_channels=5, num_layers=3, dropout=0.5):
        super().__init__()
        self.convs = nn.ModuleList()
        self.convs.append(SAGEConv(in_channels, hidden_channels, normalize=True))
        for _ in range(num_layers - 2):
            self.convs.append(SAGEConv(hidden_channels, hidden_channels, normalize=True))
        self.convs.append(SAGEConv(hidden_channels, out_channels))
        self.dropout = dropout
        edge_index, _ = make_ring_graph(12, 2)
        self.register_buffer("edge_index", edge_index)

    def forward(self, x):
        for conv in self.convs[:-1]:
            x = conv(x, self.edge_index)
            x = F.relu(x)
            x = F.dropout(x, p=self.dropout, training=self.training)
        x = self.convs[-1](x, self.edge_index)
        return x.log_softmax(dim=-1)


# shapelint: input=(12, 7)
class GIN(nn.Module):
    """Graph classification with jumping knowledge (cat of every layer's pooled readout)."""

    def __init__(self, in_channels=7, dim=32, num_layers=3, num_classes=2):
        super(GIN, self).__init__()
        self.convs = nn.ModuleList()
        self.batch_norms = nn.ModuleList()
        for i in range(num_layers):
            mlp = nn.Sequential(nn.Linear(in_channels if i == 0 else dim, dim), nn.BatchNorm1d(dim), nn.ReLU(),
                                nn.Linear(dim, dim))
            self.convs.append(GINConv(mlp, train_eps=True))
            self.batch_norms.append(nn.BatchNorm1d(dim))
        self.lin1 = nn.Linear(num_layers * dim, dim)
        self.lin2 = nn.Linear(dim, num_classes)
        edge_index, batch = make_ring_graph(12, 2)
        self.register_buffer("edge_index", edge_index)
        self.register_buffer("batch", batch)
        self.num_graphs = 2

    def forward(self, x):
        xs = []
        for conv, bn in zip(self.convs, self.batch_norms):
            x = F.relu(bn(conv(x, self.edge_index)))
            xs.append(global_add_pool(x, self.batch, self.num_graphs))
        x = torch.cat(xs, dim=1)
        x = F.relu(self.lin1(x))
        x = F.dropout(x, p=0.5, training=self.training)
        x = self.lin2(x)
        return F.log_softmax(x, dim=-1), global_mean_pool(xs[-1], torch.arange(self.num_graphs))
