"""Geometric / graph models written with plain tensors instead of torch_geometric: SchNet-lite
(pairwise distances via torch.cdist, Gaussian smearing with a registered offset buffer,
continuous-filter convolution with a cosine cutoff, neighbour sum via einsum), EGNN (Satorras et
al.: edge index of a fully connected graph built by nested loops in a helper,
h[row]/h[col] indexing, unsorted_segment_sum via Tensor.index_add_ / scatter_add_,
coordinate update), GraphSAGE mean aggregation with index_add_ and a degree vector from
index_add_ of ones, and Graph U-Net gPool (scores, torch.topk, x[idx] * sigmoid(values),
adjacency A[idx][:, idx]) with gUnpool writing back via new_zeros + index assignment."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class ShiftedSoftplus(nn.Module):
    def __init__(self):
        super().__init__()
        self.shift = math.log(2.0)

    def forward(self, x):
        return F.softplus(x) - self.shift


class GaussianSmearing(nn.Module):
    def __init__(self, start=0.0, stop=5.0, num_gaussians=16):
        super().__init__()
        offset = torch.linspace(start, stop, num_gaussians)
        self.coeff = -0.5 / (offset[1] - offset[0]).item() ** 2
        self.register_buffer('offset', offset)

    def forward(self, dist):
        dist = dist.unsqueeze(-1) - self.offset.view(1, 1, 1, -1)
        return torch.exp(self.coeff * torch.pow(dist, 2))


class CFConv(nn.Module):
    def __init__(self, hidden, num_filters, num_gaussians, cutoff):
        super().__init__()
        self.lin1 = nn.Linear(hidden, num_filters, bias=False)
        self.lin2 = nn.Linear(num_filters, hidden)
        self.filter_net = nn.Sequential(nn.Linear(num_gaussians, num_filters), ShiftedSoftplus(),
                                        nn.Linear(num_filters, num_filters))
        self.cutoff = cutoff

    def forward(self, x, dist, rbf):
        C = 0.5 * (torch.cos(dist * math.pi / self.cutoff) + 1.0)
        C = C * (dist < self.cutoff).float()
        W = self.filter_net(rbf) * C.unsqueeze(-1)
        h = self.lin1(x)
        out = torch.einsum('bijf,bjf->bif', W, h)
        return self.lin2(out)


# shapelint: input=((2, 10, 3), (2, 10, 5))
class SchNetLite(nn.Module):
    def __init__(self, in_feats=5, hidden=32, num_filters=32, num_interactions=2, num_gaussians=16, cutoff=5.0):
        super().__init__()
        self.embedding = nn.Linear(in_feats, hidden)
        self.distance_expansion = GaussianSmearing(0.0, cutoff, num_gaussians)
        self.interactions = nn.ModuleList()
        for _ in range(num_interactions):
            self.interactions.append(nn.ModuleDict(dict(
                conv=CFConv(hidden, num_filters, num_gaussians, cutoff),
                act=ShiftedSoftplus(),
                lin=nn.Linear(hidden, hidden))))
        self.lin1 = nn.Linear(hidden, hidden // 2)
        self.act = ShiftedSoftplus()
        self.lin2 = nn.Linear(hidden // 2, 1)

    def forward(self, pos, feats):
        h = self.embedding(feats)
        dist = torch.cdist(pos, pos)
        rbf = self.distance_expansion(dist)
        for block in self.interactions:
            v = block['conv'](h, dist, rbf)
            h = h + block['lin'](block['act'](v))
        h = self.lin2(self.act(self.lin1(h)))
        return h.sum(dim=1)


def unsorted_segment_sum(data, segment_ids, num_segments):
    result_shape = (num_segments, data.size(1))
    result = data.new_full(result_shape, 0)
    segment_ids = segment_ids.unsqueeze(-1).expand(-1, data.size(1))
    result.scatter_add_(0, segment_ids, data)
    return result


def unsorted_segment_mean(data, segment_ids, num_segments):
    result = data.new_zeros((num_segments, data.size(1))).index_add_(0, segment_ids, data)
    count = data.new_zeros((num_segments, data.size(1))).index_add_(0, segment_ids, torch.ones_like(data))
    return result / count.clamp(min=1)


def get_edges(n_nodes):
    rows, cols = [], []
    for i in range(n_nodes):
        for j in range(n_nodes):
            if i != j:
                rows.append(i)
                cols.append(j)
    return [rows, cols]


class E_GCL(nn.Module):
    def __init__(self, input_nf, output_nf, hidden_nf, edges_in_d=0, act_fn=nn.SiLU(), residual=True,
                 attention=False, normalize=False, coords_agg='mean', tanh=False):
        super().__init__()
        input_edge = input_nf * 2
        self.residual = residual
        self.attention = attention
        self.normalize = normalize
        self.coords_agg = coords_agg
        self.tanh = tanh
        self.epsilon = 1e-8
        edge_coords_nf = 1
        self.edge_mlp = nn.Sequential(nn.Linear(input_edge + edge_coords_nf + edges_in_d, hidden_nf), act_fn,
                                      nn.Linear(hidden_nf, hidden_nf), act_fn)
        self.node_mlp = nn.Sequential(nn.Linear(hidden_nf + input_nf, hidden_nf), act_fn, nn.Linear(hidden_nf, output_nf))
        layer = nn.Linear(hidden_nf, 1, bias=False)
        torch.nn.init.xavier_uniform_(layer.weight, gain=0.001)
        coord_mlp = [nn.Linear(hidden_nf, hidden_nf), act_fn, layer]
        if self.tanh:
            coord_mlp.append(nn.Tanh())
        self.coord_mlp = nn.Sequential(*coord_mlp)
        if self.attention:
            self.att_mlp = nn.Sequential(nn.Linear(hidden_nf, 1), nn.Sigmoid())

    def edge_model(self, source, target, radial, edge_attr):
        if edge_attr is None:
            out = torch.cat([source, target, radial], dim=1)
        else:
            out = torch.cat([source, target, radial, edge_attr], dim=1)
        out = self.edge_mlp(out)
        if self.attention:
            out = out * self.att_mlp(out)
        return out

    def node_model(self, x, edge_index, edge_attr):
        row, col = edge_index
        agg = unsorted_segment_sum(edge_attr, row, num_segments=x.size(0))
        agg = torch.cat([x, agg], dim=1)
        out = self.node_mlp(agg)
        if self.residual:
            out = x + out
        return out, agg

    def coord_model(self, coord, edge_index, coord_diff, edge_feat):
        row, col = edge_index
        trans = coord_diff * self.coord_mlp(edge_feat)
        if self.coords_agg == 'sum':
            agg = unsorted_segment_sum(trans, row, num_segments=coord.size(0))
        else:
            agg = unsorted_segment_mean(trans, row, num_segments=coord.size(0))
        return coord + agg

    def coord2radial(self, edge_index, coord):
        row, col = edge_index
        coord_diff = coord[row] - coord[col]
        radial = torch.sum(coord_diff ** 2, 1).unsqueeze(1)
        if self.normalize:
            norm = torch.sqrt(radial).detach() + self.epsilon
            coord_diff = coord_diff / norm
        return radial, coord_diff

    def forward(self, h, edge_index, coord, edge_attr=None):
        row, col = edge_index
        radial, coord_diff = self.coord2radial(edge_index, coord)
        edge_feat = self.edge_model(h[row], h[col], radial, edge_attr)
        coord = self.coord_model(coord, edge_index, coord_diff, edge_feat)
        h, agg = self.node_model(h, edge_index, edge_feat)
        return h, coord, edge_attr


# shapelint: input=((7, 4), (7, 3))
class EGNN(nn.Module):
    def __init__(self, in_node_nf=4, hidden_nf=16, out_node_nf=2, n_nodes=7, n_layers=3, attention=True):
        super().__init__()
        self.hidden_nf = hidden_nf
        self.n_layers = n_layers
        self.embedding_in = nn.Linear(in_node_nf, self.hidden_nf)
        self.embedding_out = nn.Linear(self.hidden_nf, out_node_nf)
        for i in range(0, n_layers):
            self.add_module("gcl_%d" % i, E_GCL(self.hidden_nf, self.hidden_nf, self.hidden_nf, attention=attention,
                                                normalize=i > 0, coords_agg='sum' if i % 2 else 'mean'))
        self.register_buffer('edges', torch.tensor(get_edges(n_nodes), dtype=torch.long))

    def forward(self, h, x):
        edges = [self.edges[0], self.edges[1]]
        h = self.embedding_in(h)
        for i in range(0, self.n_layers):
            h, x, _ = self._modules["gcl_%d" % i](h, edges, x)
        h = self.embedding_out(h)
        return h, x


class SAGEConv(nn.Module):
    def __init__(self, in_channels, out_channels, normalize=True):
        super().__init__()
        self.lin_l = nn.Linear(in_channels, out_channels)
        self.lin_r = nn.Linear(in_channels, out_channels, bias=False)
        self.normalize = normalize

    def forward(self, x, edge_index):
        src, dst = edge_index[0], edge_index[1]
        msg = x.index_select(0, src)
        out = torch.zeros_like(x).index_add_(0, dst, msg)
        deg = x.new_zeros(x.size(0)).index_add_(0, dst, x.new_ones(src.numel()))
        out = out / deg.clamp(min=1).unsqueeze(-1)
        out = self.lin_l(out) + self.lin_r(x)
        if self.normalize:
            out = F.normalize(out, p=2., dim=-1)
        return out


class GraphPool(nn.Module):
    def __init__(self, k, in_dim, p=0.0):
        super().__init__()
        self.k = k
        self.sigmoid = nn.Sigmoid()
        self.proj = nn.Linear(in_dim, 1)
        self.drop = nn.Dropout(p=p) if p > 0 else nn.Identity()

    def forward(self, g, h):
        Z = self.drop(h)
        weights = self.proj(Z).squeeze()
        scores = self.sigmoid(weights)
        return self.top_k_graph(scores, g, h, self.k)

    @staticmethod
    def top_k_graph(scores, g, h, k):
        num_nodes = g.shape[0]
        values, idx = torch.topk(scores, max(2, int(k * num_nodes)))
        new_h = h[idx, :]
        values = torch.unsqueeze(values, -1)
        new_h = torch.mul(new_h, values)
        un_g = g.bool().float()
        un_g = torch.matmul(un_g, un_g).bool().float()
        un_g = un_g[idx, :]
        un_g = un_g[:, idx]
        g = GraphPool.norm_g(un_g)
        return g, new_h, idx

    @staticmethod
    def norm_g(g):
        degrees = torch.sum(g, 1)
        return g / degrees.clamp(min=1)


class GraphUnpool(nn.Module):
    def forward(self, g, h, pre_h, idx):
        new_h = h.new_zeros([g.shape[0], h.shape[1]])
        new_h[idx] = h
        return g, new_h


class GCN(nn.Module):
    def __init__(self, in_dim, out_dim, act=nn.ReLU(), p=0.0):
        super().__init__()
        self.proj = nn.Linear(in_dim, out_dim)
        self.act = act
        self.drop = nn.Dropout(p=p) if p > 0.0 else nn.Identity()

    def forward(self, g, h):
        h = self.drop(h)
        h = torch.matmul(g, h)
        h = self.proj(h)
        return self.act(h)


def ring_graph(n):
    idx = torch.arange(n)
    src = torch.cat([idx, (idx + 1) % n])
    dst = torch.cat([(idx + 1) % n, idx])
    return torch.stack([src, dst])


# shapelint: input=(12, 8)
class SageGraphUNet(nn.Module):
    def __init__(self, in_dim=8, dim=16, n_classes=3, n_nodes=12, ks=(0.8, 0.6)):
        super().__init__()
        self.sage = SAGEConv(in_dim, dim)
        self.register_buffer('edge_index', ring_graph(n_nodes))
        adj = torch.zeros(n_nodes, n_nodes)
        adj[self.edge_index[0], self.edge_index[1]] = 1.0
        self.register_buffer('adj', adj + torch.eye(n_nodes))
        self.ks = ks
        self.l_n = len(ks)
        self.bottom_gcn = GCN(dim, dim)
        self.down_gcns = nn.ModuleList([GCN(dim, dim) for _ in range(self.l_n)])
        self.up_gcns = nn.ModuleList([GCN(dim, dim) for _ in range(self.l_n)])
        self.pools = nn.ModuleList([GraphPool(ks[i], dim) for i in range(self.l_n)])
        self.unpools = nn.ModuleList([GraphUnpool() for _ in range(self.l_n)])
        self.classifier = nn.Linear(2 * dim, n_classes)

    def forward(self, x):
        h = self.sage(x, self.edge_index)
        g = self.adj
        adj_ms, indices_list, down_outs, hs = [], [], [], []
        org_h = h
        for i in range(self.l_n):
            h = self.down_gcns[i](g, h)
            adj_ms.append(g)
            down_outs.append(h)
            g, h, idx = self.pools[i](g, h)
            indices_list.append(idx)
        h = self.bottom_gcn(g, h)
        for i in range(self.l_n):
            up_idx = self.l_n - i - 1
            g, idx = adj_ms[up_idx], indices_list[up_idx]
            g, h = self.unpools[i](g, h, down_outs[up_idx], idx)
            h = self.up_gcns[i](g, h)
            h = h.add(down_outs[up_idx])
            hs.append(h)
        h = torch.cat([h, org_h], dim=1)
        return F.log_softmax(self.classifier(h), dim=-1)
