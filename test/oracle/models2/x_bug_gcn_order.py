"""A two-layer dense GCN for node classification with a learned input projection."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class DenseGraphConv(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features, bias=False)
        self.bias = nn.Parameter(torch.zeros(out_features))

    def forward(self, x, adj):
        support = self.linear(x)
        out = torch.bmm(support, adj)
        return out + self.bias


# shapelint: input=((2, 12, 16), (2, 12, 12))
class NodeClassifier(nn.Module):
    def __init__(self, in_dim=16, hidden=32, num_classes=4, dropout=0.3):
        super().__init__()
        self.conv1 = DenseGraphConv(in_dim, hidden)
        self.conv2 = DenseGraphConv(hidden, num_classes)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, adj):
        n = adj.size(-1)
        adj = adj.softmax(dim=-1) + torch.eye(n).unsqueeze(0).expand(adj.size(0), -1, -1)
        deg_inv = adj.sum(-1, keepdim=True).reciprocal()
        adj = adj * deg_inv
        h = F.relu(self.conv1(x, adj))
        h = self.dropout(h)
        return self.conv2(h, adj)
