"""A DLRM-style ranking model in the torchrec layout: dense arch MLP, one EmbeddingBag per sparse feature, an interaction arch that stacks dense and sparse embeddings and gathers the pairwise bmm dot products below the diagonal with torch.tril_indices, and an over arch."""
import torch
import torch.nn as nn


class DenseArch(nn.Module):
    def __init__(self, in_features, layer_sizes):
        super().__init__()
        layers = []
        for out_features in layer_sizes:
            layers += [nn.Linear(in_features, out_features), nn.ReLU()]
            in_features = out_features
        self.model = nn.Sequential(*layers)

    def forward(self, features):
        return self.model(features)


class SparseArch(nn.Module):
    def __init__(self, num_embeddings_per_feature, embedding_dim):
        super().__init__()
        self.embedding_bags = nn.ModuleList([
            nn.EmbeddingBag(num_embeddings, embedding_dim, mode="sum")
            for num_embeddings in num_embeddings_per_feature
        ])

    def forward(self, sparse_features):
        return [emb(sparse_features[:, i]) for i, emb in enumerate(self.embedding_bags)]


class InteractionArch(nn.Module):
    def __init__(self, num_sparse_features):
        super().__init__()
        self.F = num_sparse_features

    def forward(self, dense_features, sparse_features):
        if self.F <= 0:
            return dense_features
        B = dense_features.shape[0]

        combined_values = torch.stack([dense_features] + sparse_features, dim=1)
        interactions = torch.bmm(combined_values, torch.transpose(combined_values, 1, 2))
        li, lj = torch.tril_indices(self.F + 1, self.F + 1, offset=-1)
        interactions_flat = interactions[:, li, lj]
        return torch.cat((dense_features, interactions_flat.reshape(B, -1)), dim=1)


class OverArch(nn.Module):
    def __init__(self, in_features, layer_sizes):
        super().__init__()
        layers = []
        for out_features in layer_sizes[:-1]:
            layers += [nn.Linear(in_features, out_features), nn.ReLU()]
            in_features = out_features
        layers.append(nn.Linear(in_features, layer_sizes[-1]))
        self.model = nn.Sequential(*layers)

    def forward(self, features):
        return self.model(features)


# shapelint: input=((2, 13), (2, 4, 3))
class DLRM(nn.Module):
    def __init__(self, dense_in_features=13, num_embeddings_per_feature=(40, 25, 60, 10), embedding_dim=8,
                 dense_arch_layer_sizes=(64, 16), over_arch_layer_sizes=(64, 32, 1)):
        super().__init__()
        num_sparse_features = len(num_embeddings_per_feature)
        self.sparse_arch = SparseArch(num_embeddings_per_feature, embedding_dim)
        self.dense_arch = DenseArch(dense_in_features, dense_arch_layer_sizes)
        self.inter_arch = InteractionArch(num_sparse_features)
        over_in_features = dense_arch_layer_sizes[-1] + (num_sparse_features + 1) * num_sparse_features // 2
        self.over_arch = OverArch(over_in_features, over_arch_layer_sizes)

    def forward(self, dense_features, sparse_features):
        embedded_dense = self.dense_arch(dense_features.float())
        embedded_sparse = self.sparse_arch(sparse_features)
        concatenated_dense = self.inter_arch(dense_features=embedded_dense, sparse_features=embedded_sparse)
        logits = self.over_arch(concatenated_dense)
        return torch.sigmoid(logits)
