"""Two tabular models from Kaggle Tabular Playground notebooks written in plain PyTorch. TabularNN is the fastai-style entity-embedding MLP: one nn.Embedding per categorical column with size min(50, (cardinality + 1) // 2), the embeddings concatenated with torch.cat(x, 1) after an embedding dropout, the continuous columns cast with .float() and normalised by nn.BatchNorm1d, then Linear-ReLU-BatchNorm1d-Dropout blocks; it takes two inputs (x_cat, x_cont). GRNVariableSelection is the gated residual network / variable selection network of the Temporal Fusion Transformer used on static features: every numeric column x[:, i:i + 1] gets its own Linear(1, d) embedding, each variable has its own GRN (ELU dense, F.glu gate, skip connection with a Linear projection when the widths differ, LayerNorm), a GRN over the flattened embeddings produces softmax selection weights, and the weighted sum of the processed variables feeds a final GRN and a Linear head."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=((2, 5), (2, 8))
class TabularNN(nn.Module):
    def __init__(self, cardinalities=(10, 7, 24, 3, 120), n_cont=8, out_sz=1,
                 layers=(200, 100), ps=(0.3, 0.2), emb_drop=0.1):
        super().__init__()
        emb_szs = [(c, min(50, (c + 1) // 2)) for c in cardinalities]
        self.embeds = nn.ModuleList([nn.Embedding(ni, nf) for ni, nf in emb_szs])
        self.emb_drop = nn.Dropout(emb_drop)
        self.bn_cont = nn.BatchNorm1d(n_cont)
        n_emb = sum(nf for _, nf in emb_szs)
        layerlist = []
        n_in = n_emb + n_cont
        for i, p in zip(layers, ps):
            layerlist.append(nn.Linear(n_in, i))
            layerlist.append(nn.ReLU(inplace=True))
            layerlist.append(nn.BatchNorm1d(i))
            layerlist.append(nn.Dropout(p))
            n_in = i
        layerlist.append(nn.Linear(layers[-1], out_sz))
        self.layers = nn.Sequential(*layerlist)

    def forward(self, x_cat, x_cont):
        embeddings = []
        for i, e in enumerate(self.embeds):
            embeddings.append(e(x_cat[:, i]))
        x = torch.cat(embeddings, 1)
        x = self.emb_drop(x)
        x_cont = self.bn_cont(x_cont.float())
        x = torch.cat([x, x_cont], 1)
        x = self.layers(x)
        return x


class GatedLinearUnit(nn.Module):
    def __init__(self, input_size, output_size, dropout=0.1):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(input_size, output_size * 2)

    def forward(self, x):
        x = self.dropout(x)
        x = self.fc(x)
        return F.glu(x, dim=-1)


class GatedResidualNetwork(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, dropout=0.1):
        super().__init__()
        self.input_size = input_size
        self.output_size = output_size
        if input_size != output_size:
            self.skip_layer = nn.Linear(input_size, output_size)
        else:
            self.skip_layer = None
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.elu = nn.ELU()
        self.fc2 = nn.Linear(hidden_size, hidden_size)
        self.glu = GatedLinearUnit(hidden_size, output_size, dropout)
        self.norm = nn.LayerNorm(output_size)

    def forward(self, x):
        residual = self.skip_layer(x) if self.skip_layer is not None else x
        x = self.fc1(x)
        x = self.elu(x)
        x = self.fc2(x)
        x = self.glu(x)
        return self.norm(x + residual)


class VariableSelectionNetwork(nn.Module):
    def __init__(self, num_inputs, d_model, dropout=0.1):
        super().__init__()
        self.num_inputs = num_inputs
        self.single_variable_grns = nn.ModuleList(
            [GatedResidualNetwork(d_model, d_model, d_model, dropout) for _ in range(num_inputs)]
        )
        self.flattened_grn = GatedResidualNetwork(num_inputs * d_model, d_model, num_inputs, dropout)

    def forward(self, embedded):
        # embedded: (batch, num_inputs, d_model)
        flat = embedded.view(embedded.size(0), -1)
        weights = torch.softmax(self.flattened_grn(flat), dim=-1).unsqueeze(-1)
        var_outputs = []
        for i, grn in enumerate(self.single_variable_grns):
            var_outputs.append(grn(embedded[:, i]))
        var_outputs = torch.stack(var_outputs, dim=1)
        outputs = (var_outputs * weights).sum(dim=1)
        return outputs, weights.squeeze(-1)


# shapelint: input=(2, 10)
class GRNVariableSelection(nn.Module):
    def __init__(self, num_features=10, d_model=32, dropout=0.1, out_size=1):
        super().__init__()
        self.num_features = num_features
        self.embeddings = nn.ModuleList([nn.Linear(1, d_model) for _ in range(num_features)])
        self.vsn = VariableSelectionNetwork(num_features, d_model, dropout)
        self.grn = GatedResidualNetwork(d_model, d_model * 2, d_model, dropout)
        self.head = nn.Linear(d_model, out_size)

    def forward(self, x):
        embedded = torch.stack([emb(x[:, i:i + 1]) for i, emb in enumerate(self.embeddings)], dim=1)
        selected, weights = self.vsn(embedded)
        out = self.grn(selected)
        return self.head(out)
