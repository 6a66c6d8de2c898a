"""Node classification on one unbatched graph in the style of tkipf/pygcn: a GraphConvolution module with raw nn.Parameter weights initialised by uniform_(-stdv, stdv), support = torch.mm(input, weight) then adj @ support (dense, no spmm), two layers with log_softmax over classes. A second model is a dense GraphSAGE-mean network written in the same notebook style: self-loop-free mean aggregation adj @ x / deg, cat with the node's own features, Linear, and F.normalize. Inputs are node features (N, F) and a dense adjacency (N, N)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.modules.module import Module
from torch.nn.parameter import Parameter


class GraphConvolution(Module):
    """
    Simple GCN layer, similar to https://arxiv.org/abs/1609.02907
    """

    def __init__(self, in_features, out_features, bias=True):
        super(GraphConvolution, self).__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(torch.FloatTensor(in_features, out_features))
        if bias:
            self.bias = Parameter(torch.FloatTensor(out_features))
        else:
            self.register_parameter('bias', None)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1. / math.sqrt(self.weight.size(1))
        self.weight.data.uniform_(-stdv, stdv)
        if self.bias is not None:
            self.bias.data.uniform_(-stdv, stdv)

    def forward(self, input, adj):
        support = torch.mm(input, self.weight)
        output = adj @ support
        if self.bias is not None:
            return output + self.bias
        else:
            return output


# shapelint: input=((7, 32), (7, 7))
class GCN(nn.Module):
    def __init__(self, nfeat=32, nhid=16, nclass=7, dropout=0.5):
        super(GCN, self).__init__()

        self.gc1 = GraphConvolution(nfeat, nhid)
        self.gc2 = GraphConvolution(nhid, nclass)
        self.dropout = dropout

    def forward(self, x, adj):
        x = F.relu(self.gc1(x, adj))
        x = F.dropout(x, self.dropout, training=self.training)
        x = self.gc2(x, adj)
        return F.log_softmax(x, dim=1)


class SAGEConv(nn.Module):
    def __init__(self, in_dim, out_dim):
        super().__init__()
        self.linear = nn.Linear(2 * in_dim, out_dim)

    def forward(self, x, adj):
        deg = adj.sum(dim=1, keepdim=True).clamp(min=1.0)
        neigh = adj @ x / deg
        h = self.linear(torch.cat([x, neigh], dim=1))
        return F.normalize(h, p=2, dim=1)


# shapelint: input=((7, 32), (7, 7))
class GraphSAGE(nn.Module):
    def __init__(self, in_dim=32, hidden_dims=(64, 32), num_classes=7, dropout=0.5):
        super().__init__()
        dims = [in_dim] + list(hidden_dims)
        self.convs = nn.ModuleList([SAGEConv(a, b) for a, b in zip(dims[:-1], dims[1:])])
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(dims[-1], num_classes)

    def forward(self, x, adj):
        adj = (adj > 0).float()
        for conv in self.convs:
            x = self.dropout(F.relu(conv(x, adj)))
        return self.classifier(x)
