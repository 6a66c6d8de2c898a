"""A wav2vec 2.0-style encoder (Baevski et al., 2020): Conv1d feature extractor from (dim, kernel, stride) lists with GroupNorm on the first layer, a grouped weight-normed positional conv trimmed by one step, and a time-major Transformer encoder."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Fp32GroupNorm(nn.GroupNorm):
    def forward(self, input):
        output = F.group_norm(
            input.float(), self.num_groups,
            self.weight.float() if self.weight is not None else None,
            self.bias.float() if self.bias is not None else None,
            self.eps,
        )
        return output.type_as(input)


class ConvFeatureExtractionModel(nn.Module):
    def __init__(self, conv_layers, dropout=0.0, conv_bias=False):
        super().__init__()

        def block(n_in, n_out, k, stride, is_group_norm=False):
            conv = nn.Conv1d(n_in, n_out, k, stride=stride, bias=conv_bias)
            nn.init.kaiming_normal_(conv.weight)
            if is_group_norm:
                return nn.Sequential(conv, nn.Dropout(p=dropout), Fp32GroupNorm(n_out, n_out, affine=True), nn.GELU())
            return nn.Sequential(conv, nn.Dropout(p=dropout), nn.GELU())

        in_d = 1
        self.conv_layers = nn.ModuleList()
        for i, cl in enumerate(conv_layers):
            assert len(cl) == 3, "invalid conv definition: " + str(cl)
            (dim, k, stride) = cl
            self.conv_layers.append(block(in_d, dim, k, stride, is_group_norm=i == 0))
            in_d = dim

    def forward(self, x):
        # BxT -> BxCxT
        x = x.unsqueeze(1)
        for conv in self.conv_layers:
            x = conv(x)
        return x


class SamePad(nn.Module):
    def __init__(self, kernel_size):
        super().__init__()
        self.remove = 1 if kernel_size % 2 == 0 else 0

    def forward(self, x):
        if self.remove > 0:
            x = x[:, :, :-self.remove]
        return x


class TransformerEncoder(nn.Module):
    def __init__(self, embed_dim, conv_pos=16, conv_pos_groups=8, layers=2, heads=4, ffn_dim=128, dropout=0.1):
        super().__init__()
        self.embedding_dim = embed_dim
        self.pos_conv = nn.Conv1d(embed_dim, embed_dim, kernel_size=conv_pos, padding=conv_pos // 2,
                                  groups=conv_pos_groups)
        self.pos_conv = nn.utils.weight_norm(self.pos_conv, name="weight", dim=2)
        self.pos_conv = nn.Sequential(self.pos_conv, SamePad(conv_pos), nn.GELU())
        self.layer_norm = nn.LayerNorm(embed_dim)
        self.layers = nn.ModuleList([
            nn.TransformerEncoderLayer(embed_dim, heads, ffn_dim, dropout, activation="gelu")
            for _ in range(layers)
        ])

    def forward(self, x):
        x_conv = self.pos_conv(x.transpose(1, 2))
        x_conv = x_conv.transpose(1, 2)
        x = x + x_conv
        x = self.layer_norm(x)

        # B x T x C -> T x B x C
        x = x.transpose(0, 1)
        for layer in self.layers:
            x = layer(x)
        # T x B x C -> B x T x C
        return x.transpose(0, 1)


# shapelint: input=(2, 4000)
class Wav2Vec2Model(nn.Module):
    def __init__(self, conv_dim=64, embed_dim=96, final_dim=32):
        super().__init__()
        feature_enc_layers = [(conv_dim, 10, 5)] + [(conv_dim, 3, 2)] * 4 + [(conv_dim, 2, 2)] * 2
        self.embed = feature_enc_layers[-1][0]
        self.feature_extractor = ConvFeatureExtractionModel(conv_layers=feature_enc_layers)
        self.layer_norm = nn.LayerNorm(self.embed)
        self.post_extract_proj = nn.Linear(self.embed, embed_dim) if self.embed != embed_dim else None
        self.dropout_input = nn.Dropout(0.1)
        self.mask_emb = nn.Parameter(torch.FloatTensor(embed_dim).uniform_())
        self.encoder = TransformerEncoder(embed_dim)
        self.final_proj = nn.Linear(embed_dim, final_dim)

    def forward(self, source):
        features = self.feature_extractor(source)
        features_pen = features.float().pow(2).mean()
        features = features.transpose(1, 2)
        features = self.layer_norm(features)
        unmasked_features = features.clone()

        if self.post_extract_proj is not None:
            features = self.post_extract_proj(features)
        features = self.dropout_input(features)

        x = self.encoder(features)
        x = self.final_proj(x)
        return x, unmasked_features, features_pen
