"""CTR models in the DeepCTR-Torch / FuxiCTR idiom: feature columns as namedtuples (SparseFeat,
DenseFeat), an embedding_dict nn.ModuleDict keyed by feature name, inputs sliced out of one
int tensor by a feature_index OrderedDict, DCN-v2 cross layers with a ParameterList of kernels
and torch.tensordot, xDeepFM's CIN with einsum outer products and Conv1d compression, AutoInt's
interacting layer written with torch.split/torch.stack over heads."""
from collections import OrderedDict, namedtuple

import torch
import torch.nn as nn
import torch.nn.functional as F

SparseFeat = namedtuple('SparseFeat', ['name', 'vocabulary_size', 'embedding_dim'])
DenseFeat = namedtuple('DenseFeat', ['name', 'dimension'])


def build_feature_columns(n_sparse=6, vocab=20, emb=8, n_dense=3):
    sparse = [SparseFeat('C%d' % i, vocab + i, emb) for i in range(n_sparse)]
    dense = [DenseFeat('I%d' % i, 1) for i in range(n_dense)]
    return sparse + dense


def build_input_features(feature_columns):
    features = OrderedDict()
    start = 0
    for feat in feature_columns:
        if isinstance(feat, SparseFeat):
            features[feat.name] = (start, start + 1)
            start += 1
        elif isinstance(feat, DenseFeat):
            features[feat.name] = (start, start + feat.dimension)
            start += feat.dimension
    return features


def create_embedding_matrix(feature_columns, init_std=0.0001):
    sparse = [fc for fc in feature_columns if isinstance(fc, SparseFeat)]
    embedding_dict = nn.ModuleDict({feat.name: nn.Embedding(feat.vocabulary_size, feat.embedding_dim)
                                    for feat in sparse})
    for tensor in embedding_dict.values():
        nn.init.normal_(tensor.weight, mean=0, std=init_std)
    return embedding_dict


class DNN(nn.Module):
    def __init__(self, inputs_dim, hidden_units, activation=nn.ReLU, dropout_rate=0., use_bn=False):
        super().__init__()
        hidden_units = [inputs_dim] + list(hidden_units)
        self.linears = nn.ModuleList([nn.Linear(hidden_units[i], hidden_units[i + 1]) for i in range(len(hidden_units) - 1)])
        self.bn = nn.ModuleList([nn.BatchNorm1d(hidden_units[i + 1]) for i in range(len(hidden_units) - 1)]) if use_bn else None
        self.activation_layers = nn.ModuleList([activation() for _ in range(len(hidden_units) - 1)])
        self.dropout = nn.Dropout(dropout_rate)

    def forward(self, inputs):
        deep_input = inputs
        for i in range(len(self.linears)):
            fc = self.linears[i](deep_input)
            if self.bn is not None:
                fc = self.bn[i](fc)
            fc = self.activation_layers[i](fc)
            deep_input = self.dropout(fc)
        return deep_input


class BaseModel(nn.Module):
    def __init__(self, feature_columns):
        super().__init__()
        self.feature_columns = feature_columns
        self.feature_index = build_input_features(feature_columns)
        self.embedding_dict = create_embedding_matrix(feature_columns)
        self.sparse = [fc for fc in feature_columns if isinstance(fc, SparseFeat)]
        self.dense = [fc for fc in feature_columns if isinstance(fc, DenseFeat)]

    def input_from_feature_columns(self, X):
        sparse_embedding_list = [self.embedding_dict[feat.name](
            X[:, self.feature_index[feat.name][0]:self.feature_index[feat.name][1]])
            for feat in self.sparse]
        dense_value_list = [X[:, self.feature_index[feat.name][0]:self.feature_index[feat.name][1]].float()
                            for feat in self.dense]
        return sparse_embedding_list, dense_value_list

    @staticmethod
    def combined_dnn_input(sparse_embedding_list, dense_value_list):
        sparse_dnn_input = torch.flatten(torch.cat(sparse_embedding_list, dim=-1), start_dim=1)
        dense_dnn_input = torch.flatten(torch.cat(dense_value_list, dim=-1), start_dim=1)
        return torch.cat([sparse_dnn_input, dense_dnn_input], dim=-1)

    def compute_input_dim(self, include_sparse=True, include_dense=True):
        dim = 0
        if include_sparse:
            dim += sum(feat.embedding_dim for feat in self.sparse)
        if include_dense:
            dim += sum(feat.dimension for feat in self.dense)
        return dim


class CrossNetMix(nn.Module):
    def __init__(self, in_features, low_rank=4, num_experts=2, layer_num=2):
        super().__init__()
        self.layer_num = layer_num
        self.num_experts = num_experts
        self.U_list = nn.Parameter(torch.randn(self.layer_num, self.num_experts, in_features, low_rank) * 0.01)
        self.V_list = nn.Parameter(torch.randn(self.layer_num, self.num_experts, in_features, low_rank) * 0.01)
        self.C_list = nn.Parameter(torch.randn(self.layer_num, self.num_experts, low_rank, low_rank) * 0.01)
        self.gating = nn.ModuleList([nn.Linear(in_features, 1, bias=False) for i in range(self.num_experts)])
        self.bias = nn.ParameterList([nn.Parameter(torch.zeros(in_features, 1)) for i in range(self.layer_num)])

    def forward(self, inputs):
        x_0 = inputs.unsqueeze(2)
        x_l = x_0
        for i in range(self.layer_num):
            output_of_experts = []
            gating_score_of_experts = []
            for expert_id in range(self.num_experts):
                gating_score_of_experts.append(self.gating[expert_id](x_l.squeeze(2)))
                v_x = torch.matmul(self.V_list[i][expert_id].t(), x_l)
                v_x = torch.tanh(v_x)
                v_x = torch.matmul(self.C_list[i][expert_id], v_x)
                v_x = torch.tanh(v_x)
                uv_x = torch.matmul(self.U_list[i][expert_id], v_x)
                dot_ = uv_x + self.bias[i]
                dot_ = x_0 * dot_
                output_of_experts.append(dot_.squeeze(2))
            output_of_experts = torch.stack(output_of_experts, 2)
            gating_score_of_experts = torch.stack(gating_score_of_experts, 1)
            moe_out = torch.matmul(output_of_experts, gating_score_of_experts.softmax(1))
            x_l = moe_out + x_l
        return x_l.squeeze()


class CrossNet(nn.Module):
    def __init__(self, in_features, layer_num=2, parameterization='vector'):
        super().__init__()
        self.layer_num = layer_num
        self.parameterization = parameterization
        if self.parameterization == 'vector':
            self.kernels = nn.ParameterList([nn.Parameter(torch.empty(in_features, 1)) for _ in range(layer_num)])
        else:
            self.kernels = nn.ParameterList([nn.Parameter(torch.empty(in_features, in_features)) for _ in range(layer_num)])
        self.bias = nn.ParameterList([nn.Parameter(torch.zeros(in_features, 1)) for _ in range(layer_num)])
        for k in self.kernels:
            nn.init.xavier_normal_(k)

    def forward(self, inputs):
        x_0 = inputs.unsqueeze(2)
        x_l = x_0
        for i in range(self.layer_num):
            if self.parameterization == 'vector':
                xl_w = torch.tensordot(x_l, self.kernels[i], dims=([1], [0]))
                dot_ = torch.matmul(x_0, xl_w)
                x_l = dot_ + self.bias[i] + x_l
            else:
                xl_w = torch.matmul(self.kernels[i], x_l)
                dot_ = xl_w + self.bias[i]
                x_l = x_0 * dot_ + x_l
        return torch.squeeze(x_l, dim=2)


# shapelint: input=(4, 9)
class DCN(BaseModel):
    def __init__(self, feature_columns=None, cross_num=2, cross_parameterization='matrix',
                 dnn_hidden_units=(32, 16), low_rank=None):
        super().__init__(feature_columns or build_feature_columns())
        in_dim = self.compute_input_dim()
        self.dnn = DNN(in_dim, dnn_hidden_units)
        if low_rank:
            self.crossnet = CrossNetMix(in_dim, low_rank=low_rank, layer_num=cross_num)
        else:
            self.crossnet = CrossNet(in_dim, layer_num=cross_num, parameterization=cross_parameterization)
        self.dnn_linear = nn.Linear(in_dim + dnn_hidden_units[-1], 1, bias=False)

    def forward(self, X):
        sparse_embedding_list, dense_value_list = self.input_from_feature_columns(X)
        dnn_input = self.combined_dnn_input(sparse_embedding_list, dense_value_list)
        deep_out = self.dnn(dnn_input)
        cross_out = self.crossnet(dnn_input)
        stack_out = torch.cat((cross_out, deep_out), dim=-1)
        logit = self.dnn_linear(stack_out)
        return torch.sigmoid(logit)


# shapelint: input=(4, 9)
def dcn_mix():
    return DCN(cross_parameterization='vector', low_rank=4)


class CIN(nn.Module):
    def __init__(self, field_size, layer_size=(16, 16), activation=nn.ReLU(), split_half=True):
        super().__init__()
        self.layer_size = layer_size
        self.field_nums = [field_size]
        self.split_half = split_half
        self.activation = activation
        self.conv1ds = nn.ModuleList()
        for i, size in enumerate(self.layer_size):
            self.conv1ds.append(nn.Conv1d(self.field_nums[-1] * self.field_nums[0], size, 1))
            if self.split_half:
                self.field_nums.append(size // 2)
            else:
                self.field_nums.append(size)

    def forward(self, inputs):
        batch_size = inputs.shape[0]
        dim = inputs.shape[-1]
        hidden_nn_layers = [inputs]
        final_result = []
        for i, size in enumerate(self.layer_size):
            x = torch.einsum('bhd,bmd->bhmd', hidden_nn_layers[-1], hidden_nn_layers[0])
            x = x.reshape(batch_size, hidden_nn_layers[-1].shape[1] * hidden_nn_layers[0].shape[1], dim)
            x = self.conv1ds[i](x)
            curr_out = self.activation(x)
            if self.split_half:
                if i != len(self.layer_size) - 1:
                    next_hidden, direct_connect = torch.split(curr_out, 2 * [size // 2], 1)
                else:
                    direct_connect = curr_out
                    next_hidden = 0
            else:
                direct_connect = curr_out
                next_hidden = curr_out
            final_result.append(direct_connect)
            hidden_nn_layers.append(next_hidden)
        result = torch.cat(final_result, dim=1)
        return torch.sum(result, -1)


# shapelint: input=(4, 9)
class xDeepFM(BaseModel):
    def __init__(self, feature_columns=None, dnn_hidden_units=(32, 32), cin_layer_size=(16, 8)):
        super().__init__(feature_columns or build_feature_columns())
        self.dnn = DNN(self.compute_input_dim(), dnn_hidden_units)
        self.dnn_linear = nn.Linear(dnn_hidden_units[-1], 1, bias=False)
        field_num = len(self.sparse)
        self.featuremap_num = sum(cin_layer_size[:-1]) // 2 + cin_layer_size[-1]
        self.cin = CIN(field_num, cin_layer_size)
        self.cin_linear = nn.Linear(self.featuremap_num, 1, bias=False)
        self.linear_sparse = nn.ModuleDict({f.name: nn.Embedding(f.vocabulary_size, 1) for f in self.sparse})
        self.linear_dense = nn.Parameter(torch.zeros(len(self.dense), 1))

    def linear_logit(self, X):
        sparse = [self.linear_sparse[f.name](X[:, self.feature_index[f.name][0]:self.feature_index[f.name][1]])
                  for f in self.sparse]
        logit = torch.sum(torch.cat(sparse, dim=-1), dim=-1, keepdim=False)
        dense = torch.cat([X[:, self.feature_index[f.name][0]:self.feature_index[f.name][1]].float() for f in self.dense], dim=-1)
        return logit + dense.matmul(self.linear_dense)

    def forward(self, X):
        sparse_embedding_list, dense_value_list = self.input_from_feature_columns(X)
        logit = self.linear_logit(X)
        cin_input = torch.cat(sparse_embedding_list, dim=1)
        cin_logit = self.cin_linear(self.cin(cin_input))
        dnn_input = self.combined_dnn_input(sparse_embedding_list, dense_value_list)
        dnn_logit = self.dnn_linear(self.dnn(dnn_input))
        return torch.sigmoid(logit + cin_logit + dnn_logit)


class InteractingLayer(nn.Module):
    def __init__(self, embedding_size, head_num=2, use_res=True, scaling=False):
        super().__init__()
        self.att_embedding_size = embedding_size // head_num
        self.head_num = head_num
        self.use_res = use_res
        self.scaling = scaling
        self.W_Query = nn.Parameter(torch.randn(embedding_size, embedding_size) * 0.05)
        self.W_key = nn.Parameter(torch.randn(embedding_size, embedding_size) * 0.05)
        self.W_Value = nn.Parameter(torch.randn(embedding_size, embedding_size) * 0.05)
        if self.use_res:
            self.W_Res = nn.Parameter(torch.randn(embedding_size, embedding_size) * 0.05)

    def forward(self, inputs):
        querys = torch.tensordot(inputs, self.W_Query, dims=([-1], [0]))
        keys = torch.tensordot(inputs, self.W_key, dims=([-1], [0]))
        values = torch.tensordot(inputs, self.W_Value, dims=([-1], [0]))
        querys = torch.stack(torch.split(querys, self.att_embedding_size, dim=2))
        keys = torch.stack(torch.split(keys, self.att_embedding_size, dim=2))
        values = torch.stack(torch.split(values, self.att_embedding_size, dim=2))
        inner_product = torch.einsum('bnik,bnjk->bnij', querys, keys)
        if self.scaling:
            inner_product /= self.att_embedding_size ** 0.5
        normalized_att_scores = F.softmax(inner_product, dim=-1)
        result = torch.matmul(normalized_att_scores, values)
        result = torch.cat(torch.split(result, 1, ), dim=-1)
        result = torch.squeeze(result, dim=0)
        if self.use_res:
            result += torch.tensordot(inputs, self.W_Res, dims=([-1], [0]))
        return F.relu(result)


# shapelint: input=(4, 9)
class AutoInt(BaseModel):
    def __init__(self, feature_columns=None, att_layer_num=2, att_head_num=2, dnn_hidden_units=(32,)):
        super().__init__(feature_columns or build_feature_columns())
        field_num = len(self.sparse)
        embedding_size = self.sparse[0].embedding_dim
        self.int_layers = nn.ModuleList([InteractingLayer(embedding_size, att_head_num) for _ in range(att_layer_num)])
        self.dnn = DNN(self.compute_input_dim(), dnn_hidden_units)
        self.dnn_linear = nn.Linear(dnn_hidden_units[-1] + field_num * embedding_size, 1, bias=False)

    def forward(self, X):
        sparse_embedding_list, dense_value_list = self.input_from_feature_columns(X)
        att_input = torch.cat(sparse_embedding_list, dim=1)
        for layer in self.int_layers:
            att_input = layer(att_input)
        att_output = torch.flatten(att_input, start_dim=1)
        deep_out = self.dnn(self.combined_dnn_input(sparse_embedding_list, dense_value_list))
        stack_out = torch.cat((att_output, deep_out), dim=-1)
        return torch.sigmoid(self.dnn_linear(stack_out))
