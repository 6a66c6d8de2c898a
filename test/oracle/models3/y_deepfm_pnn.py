"""A CTR model over categorical fields in the pytorch-fm style: offset-shifted shared embeddings, a wide linear part, an FM second-order term, PNN inner products over torch.triu_indices pairs, and a deep MLP on the flattened embeddings."""
import torch
import torch.nn as nn


class FeaturesLinear(nn.Module):
    def __init__(self, field_dims, output_dim=1):
        super().__init__()
        self.fc = nn.Embedding(sum(field_dims), output_dim)
        self.bias = nn.Parameter(torch.zeros((output_dim,)))
        self.register_buffer("offsets", torch.cumsum(torch.tensor((0, *field_dims[:-1])), 0))

    def forward(self, x):
        x = x + self.offsets.unsqueeze(0)
        return torch.sum(self.fc(x), dim=1) + self.bias


class FeaturesEmbedding(nn.Module):
    def __init__(self, field_dims, embed_dim):
        super().__init__()
        self.embedding = nn.Embedding(sum(field_dims), embed_dim)
        self.register_buffer("offsets", torch.cumsum(torch.tensor((0, *field_dims[:-1])), 0))
        nn.init.xavier_uniform_(self.embedding.weight.data)

    def forward(self, x):
        x = x + self.offsets.unsqueeze(0)
        return self.embedding(x)


class FactorizationMachine(nn.Module):
    def __init__(self, reduce_sum=True):
        super().__init__()
        self.reduce_sum = reduce_sum

    def forward(self, x):
        square_of_sum = torch.sum(x, dim=1) ** 2
        sum_of_square = torch.sum(x ** 2, dim=1)
        ix = square_of_sum - sum_of_square
        if self.reduce_sum:
            ix = torch.sum(ix, dim=1, keepdim=True)
        return 0.5 * ix


class InnerProductNetwork(nn.Module):
    def __init__(self, num_fields):
        super().__init__()
        row, col = torch.triu_indices(num_fields, num_fields, offset=1)
        self.register_buffer("row", row)
        self.register_buffer("col", col)

    def forward(self, x):
        return torch.sum(x[:, self.row] * x[:, self.col], dim=2)


class MultiLayerPerceptron(nn.Module):
    def __init__(self, input_dim, embed_dims, dropout, output_layer=True):
        super().__init__()
        layers = list()
        for embed_dim in embed_dims:
            layers.append(nn.Linear(input_dim, embed_dim))
            layers.append(nn.BatchNorm1d(embed_dim))
            layers.append(nn.ReLU())
            layers.append(nn.Dropout(p=dropout))
            input_dim = embed_dim
        if output_layer:
            layers.append(nn.Linear(input_dim, 1))
        self.mlp = nn.Sequential(*layers)

    def forward(self, x):
        return self.mlp(x)


# shapelint: input=(2, 6)
class DeepFMProduct(nn.Module):
    def __init__(self, field_dims=(10, 4, 7, 3, 12, 5), embed_dim=8, mlp_dims=(64, 32), dropout=0.2):
        super().__init__()
        num_fields = len(field_dims)
        self.linear = FeaturesLinear(field_dims)
        self.fm = FactorizationMachine(reduce_sum=True)
        self.embedding = FeaturesEmbedding(field_dims, embed_dim)
        self.pn = InnerProductNetwork(num_fields)
        self.embed_output_dim = num_fields * embed_dim
        num_pairs = num_fields * (num_fields - 1) // 2
        self.mlp = MultiLayerPerceptron(num_pairs + self.embed_output_dim, mlp_dims, dropout)

    def forward(self, x):
        embed_x = self.embedding(x)
        cross_term = self.pn(embed_x)
        deep_in = torch.cat([embed_x.view(-1, self.embed_output_dim), cross_term], dim=1)
        x = self.linear(x) + self.fm(embed_x) + self.mlp(deep_in)
        return torch.sigmoid(x.squeeze(1))
